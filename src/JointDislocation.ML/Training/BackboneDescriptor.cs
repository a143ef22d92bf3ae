using JointDislocation.ML.Backbones;

namespace JointDislocation.ML.Training;

/// <summary>What a model bundle records of the backbone its head was trained on, to rebuild it and to refuse another.</summary>
/// <param name="Name">For example <c>resnet18</c>.</param>
/// <param name="Sha256">SHA-256 of the original ONNX file.</param>
/// <param name="FeatureDimension">Length of the pooled features.</param>
/// <param name="ResizePolicy">How images were fitted to the network input.</param>
/// <param name="ModelFile">The ONNX file of a custom backbone; null for the built-in ResNet18.</param>
/// <param name="InputName">Input tensor of a custom backbone.</param>
/// <param name="PooledOutputName">Pooled-feature output of a custom backbone.</param>
/// <param name="MapOutputName">Feature-map output of a custom backbone.</param>
/// <param name="InputWidth">The input width the network was run at when it was not the graph's own (ResNet18 re-sized
/// to 448, or a model that does not fix its size); <see langword="null"/> for the graph's own (224 for ResNet18).</param>
/// <param name="InputHeight">The input height, likewise.</param>
public sealed record BackboneDescriptor(
    string Name,
    string Sha256,
    int FeatureDimension,
    ResizePolicy ResizePolicy,
    string? ModelFile = null,
    string? InputName = null,
    string? PooledOutputName = null,
    string? MapOutputName = null,
    int? InputWidth = null,
    int? InputHeight = null)
{
    /// <summary>The name of the built-in backbone.</summary>
    public const string BuiltInResNet18 = "resnet18";

    /// <summary>Describes a backbone.</summary>
    /// <param name="backbone">The backbone.</param>
    /// <returns>The descriptor.</returns>
    public static BackboneDescriptor From(IImageBackbone backbone)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        if (backbone is OnnxBackbone onnx)
        {
            var builtIn = string.Equals(onnx.Name, BuiltInResNet18, StringComparison.Ordinal)
                && string.Equals(Path.GetFullPath(onnx.Options.ModelPath), Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, Backbone.ResNet18ModelRelativePath)), StringComparison.Ordinal);
            return builtIn
                ? new BackboneDescriptor(onnx.Name, onnx.Sha256, onnx.FeatureDimension, onnx.Options.ResizePolicy, InputWidth: onnx.Options.InputWidth, InputHeight: onnx.Options.InputHeight)
                : new BackboneDescriptor(onnx.Name, onnx.Sha256, onnx.FeatureDimension, onnx.Options.ResizePolicy,
                    Path.GetFullPath(onnx.Options.ModelPath), onnx.Options.InputName, onnx.Options.PooledOutputName, onnx.Options.MapOutputName, onnx.Options.InputWidth, onnx.Options.InputHeight);
        }

        return new BackboneDescriptor(backbone.Name, backbone.Sha256, backbone.FeatureDimension, ResizePolicy.IsoCrop);
    }

    /// <summary>The input size a backbone must have to serve this bundle, where it is known: the recorded one, or 224×224
    /// for the built-in ResNet18 at its own size.</summary>
    internal (int Width, int Height)? ExpectedInputSize =>
        InputWidth is { } width && InputHeight is { } height ? (width, height)
        : string.Equals(Name, BuiltInResNet18, StringComparison.Ordinal) ? (Backbone.ResNet18InputSize, Backbone.ResNet18InputSize)
        : null;
}
