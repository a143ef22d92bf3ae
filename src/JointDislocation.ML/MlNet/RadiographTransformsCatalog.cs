using JointDislocation.ML.Backbones;
using Microsoft.ML;
using Microsoft.ML.Transforms.Image;

namespace JointDislocation.ML.MlNet;

/// <summary>
/// <c>mlContext.Transforms.FeaturizeRadiograph(...)</c>: the library's backbone features as an ML.NET estimator made
/// of stock transforms only, so a fitted pipeline saves with <c>mlContext.Model.Save</c> and loads with
/// <c>mlContext.Model.Load</c> in a program that references nothing but ML.NET's own packages.
/// </summary>
public static class RadiographTransformsCatalog
{
    /// <summary>The image column the featurizer uses inside (dropped at its end).</summary>
    internal const string ImageColumn = "RadiographImage";

    /// <summary>The pixel column the featurizer uses inside (dropped at its end).</summary>
    internal const string PixelColumn = "RadiographPixels";

    /// <summary>
    /// Featurizes radiographs with the built-in ResNet18: <c>LoadImages</c> → <c>ConvertToGrayscale</c> →
    /// <c>ResizeImages</c> (the resize policy) → <c>ExtractPixels</c> → <c>ApplyOnnxModel</c> (ResNet18 with its
    /// preprocessing merged in) → <c>DropColumns</c>.
    /// </summary>
    /// <param name="catalog">The transforms catalog of an <see cref="MLContext"/>.</param>
    /// <param name="outputColumnName">The column that receives the pooled features (512 floats).</param>
    /// <param name="inputColumnName">The text column holding image paths.</param>
    /// <param name="imageFolder">A folder relative paths are read from (saved with the model as an absolute path); null to use paths as given.</param>
    /// <param name="resizePolicy">How images reach 224×224.</param>
    /// <returns>The estimator; fitting it learns nothing.</returns>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    /// <exception cref="FileNotFoundException">The ResNet18 model files are not next to the application.</exception>
    public static IEstimator<ITransformer> FeaturizeRadiograph(
        this TransformsCatalog catalog,
        string outputColumnName = "Features",
        string inputColumnName = "ImagePath",
        string? imageFolder = null,
        ResizePolicy resizePolicy = ResizePolicy.IsoCrop) =>
        FeaturizeRadiograph(catalog, new RadiographFeaturizerOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            ImageFolder = imageFolder,
            ResizePolicy = resizePolicy,
        });

    /// <summary>Featurizes radiographs with the backbone and settings of <paramref name="options"/>.</summary>
    /// <param name="catalog">The transforms catalog of an <see cref="MLContext"/>.</param>
    /// <param name="options">The settings, validated here.</param>
    /// <returns>The estimator; fitting it learns nothing.</returns>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    /// <exception cref="FileNotFoundException">The backbone's model file is not there.</exception>
    /// <exception cref="InvalidInputException">The backbone's model is not usable.</exception>
    public static IEstimator<ITransformer> FeaturizeRadiograph(this TransformsCatalog catalog, RadiographFeaturizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var backbone = Backbone.FromOnnx((options.Backbone ?? Backbone.ResNet18Options()) with { ResizePolicy = options.ResizePolicy });
        return Build(catalog, backbone, options.OutputColumnName, options.InputColumnName, options.ImageFolder);
    }

    /// <summary>The stock pipeline for a backbone as it is (its own resize policy).</summary>
    internal static IEstimator<ITransformer> Build(TransformsCatalog catalog, OnnxBackbone backbone, string outputColumnName, string inputColumnName, string? imageFolder)
    {
        var resizing = backbone.Options.ResizePolicy switch
        {
            ResizePolicy.Stretch => ImageResizingEstimator.ResizingKind.Fill,
            ResizePolicy.Letterbox => ImageResizingEstimator.ResizingKind.IsoPad,
            _ => ImageResizingEstimator.ResizingKind.IsoCrop,
        };
        var graph = FeaturizerGraph.Build(backbone, PixelColumn, outputColumnName);

        // Grayscale first, as the fast path decodes to gray before resizing.
        return catalog.LoadImages(ImageColumn, imageFolder, inputColumnName)
            .Append(catalog.ConvertToGrayscale(ImageColumn))
            .Append(catalog.ResizeImages(ImageColumn, backbone.InputWidth, backbone.InputHeight, resizing: resizing, cropAnchor: ImageResizingEstimator.Anchor.Center))
            .Append(catalog.ExtractPixels(PixelColumn, ImageColumn))
            .Append(catalog.ApplyOnnxModel([outputColumnName], [PixelColumn], new MemoryStream(graph, writable: false)))
            .Append(catalog.DropColumns(ImageColumn, PixelColumn));
    }
}
