using JointDislocation.ML.Backbones;

namespace JointDislocation.ML.MlNet;

/// <summary>
/// Settings of <see cref="RadiographTransformsCatalog.FeaturizeRadiograph(Microsoft.ML.TransformsCatalog, RadiographFeaturizerOptions)"/>;
/// validated when the estimator is built, every problem reported in one message.
/// </summary>
public sealed record RadiographFeaturizerOptions
{
    /// <summary>The column that receives the pooled features (a float vector, 512 for ResNet18).</summary>
    /// <value>Default <c>Features</c>.</value>
    public string OutputColumnName { get; init; } = "Features";

    /// <summary>The text column holding each image's path.</summary>
    /// <value>Default <c>ImagePath</c>.</value>
    public string InputColumnName { get; init; } = "ImagePath";

    /// <summary>
    /// A folder that relative paths are read from. ML.NET saves it with the model, as an absolute path; leave it
    /// <see langword="null"/> (paths used as given) for a model that is shared.
    /// </summary>
    /// <value>Default <see langword="null"/>.</value>
    public string? ImageFolder { get; init; }

    /// <summary>
    /// How images reach the network input. <see cref="Backbones.ResizePolicy.IsoCrop"/> and
    /// <see cref="Backbones.ResizePolicy.Letterbox"/> give the fast path's pixels exactly; <see cref="Backbones.ResizePolicy.Stretch"/>
    /// uses ML.NET's <c>Fill</c>, which samples without filtering, so its features differ from the fast path's.
    /// </summary>
    /// <value>Default <see cref="Backbones.ResizePolicy.IsoCrop"/>.</value>
    public ResizePolicy ResizePolicy { get; init; } = ResizePolicy.IsoCrop;

    /// <summary>
    /// The backbone; its preprocessing is merged into the ONNX graph that ML.NET runs. Its own resize policy is
    /// ignored in favour of <see cref="ResizePolicy"/>.
    /// </summary>
    /// <value>Default <see langword="null"/>: the built-in ResNet18 (<see cref="Backbone.ResNet18Options(string?)"/>).</value>
    public OnnxBackboneOptions? Backbone { get; init; }

    /// <summary>Checks every setting; all problems are reported together.</summary>
    /// <exception cref="ArgumentException">Some setting is invalid; the message lists each.</exception>
    public void Validate() => OptionsValidator.Validate("featurizer options", Collect);

    /// <summary>States every rule of these options on <paramref name="problems"/>.</summary>
    internal void Collect(OptionsValidator problems)
    {
        if (string.IsNullOrWhiteSpace(OutputColumnName))
        {
            problems.Add($"OutputColumnName is required.");
        }

        if (string.IsNullOrWhiteSpace(InputColumnName))
        {
            problems.Add($"InputColumnName is required.");
        }

        if (string.Equals(OutputColumnName, InputColumnName, StringComparison.Ordinal))
        {
            problems.Add($"OutputColumnName and InputColumnName must differ (both '{OutputColumnName}').");
        }

        if (OutputColumnName is RadiographTransformsCatalog.ImageColumn or RadiographTransformsCatalog.PixelColumn
            || InputColumnName is RadiographTransformsCatalog.ImageColumn or RadiographTransformsCatalog.PixelColumn)
        {
            problems.Add($"The column names '{RadiographTransformsCatalog.ImageColumn}' and '{RadiographTransformsCatalog.PixelColumn}' are used inside the featurizer.");
        }

        if (!Enum.IsDefined(ResizePolicy))
        {
            problems.Add($"ResizePolicy {ResizePolicy} is not defined.");
        }

        if (ImageFolder is not null && string.IsNullOrWhiteSpace(ImageFolder))
        {
            problems.Add($"ImageFolder must be null or a folder name.");
        }
    }
}
