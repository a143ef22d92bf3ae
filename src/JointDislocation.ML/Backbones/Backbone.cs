using Microsoft.Extensions.Logging;

namespace JointDislocation.ML.Backbones;

/// <summary>Entry points for the backbones the library knows.</summary>
public static class Backbone
{
    /// <summary>Where the ResNet18 package puts its model, relative to the application folder.</summary>
    public const string ResNet18ModelRelativePath = "DnnImageModels/ResNet18Onnx/ResNet18.onnx";

    /// <summary>Where the ResNet18 package puts its preprocess model, relative to the application folder.</summary>
    public const string ResNet18PreprocessRelativePath = "DnnImageModels/ResNetPrepOnnx/ResNetPreprocess.onnx";

    /// <summary>
    /// Options for the ImageNet ResNet18 of <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c>: input <c>Input247</c>,
    /// pooled features <c>Pooling395_Output_0</c> (512), map <c>ReLU393_Output_0</c> (512×7×7), and the package's
    /// preprocessing (BGR minus a mean image, Caffe style) read from its preprocess model.
    /// </summary>
    /// <param name="applicationDirectory">The folder holding <c>DnnImageModels</c>; default <see cref="AppContext.BaseDirectory"/>.</param>
    /// <returns>Options to adjust with <c>with { ... }</c> and pass to <see cref="FromOnnx"/>.</returns>
    /// <exception cref="FileNotFoundException">The model files are not there.</exception>
    /// <exception cref="InvalidInputException">The preprocess model is not of the expected form.</exception>
    public static OnnxBackboneOptions ResNet18Options(string? applicationDirectory = null)
    {
        var folder = applicationDirectory ?? AppContext.BaseDirectory;
        var model = Path.GetFullPath(Path.Combine(folder, ResNet18ModelRelativePath));
        var preprocess = Path.GetFullPath(Path.Combine(folder, ResNet18PreprocessRelativePath));
        foreach (var file in new[] { model, preprocess })
        {
            if (!File.Exists(file))
            {
                throw new FileNotFoundException(
                    $"ResNet18 backbone file not found: {file}. The NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 copies " +
                    "DnnImageModels/ next to the application at build time; reference it from the application project " +
                    "(JointDislocation.ML brings it along unless its assets are excluded) or pass the folder that holds DnnImageModels.",
                    file);
            }
        }

        return new OnnxBackboneOptions
        {
            Name = "resnet18",
            ModelPath = model,
            InputName = "Input247",
            PooledOutputName = "Pooling395_Output_0",
            MapOutputName = "ReLU393_Output_0",
            Preprocessing = BackbonePreprocessing.FromMeanImageModel(preprocess),
        };
    }

    /// <summary>The ImageNet ResNet18 backbone (see <see cref="ResNet18Options"/>).</summary>
    /// <param name="resizePolicy">How images reach 224×224.</param>
    /// <param name="executionProvider">CPU, or CUDA with a fallback to the CPU.</param>
    /// <param name="logger">Receives warnings.</param>
    /// <returns>The backbone.</returns>
    /// <exception cref="FileNotFoundException">The model files are not next to the application.</exception>
    public static OnnxBackbone ResNet18(ResizePolicy resizePolicy = ResizePolicy.IsoCrop, BackboneExecutionProvider executionProvider = BackboneExecutionProvider.Cpu, ILogger? logger = null) =>
        FromOnnx(ResNet18Options() with { ResizePolicy = resizePolicy, ExecutionProvider = executionProvider }, logger);

    /// <summary>
    /// Any ONNX image model as a backbone; the one way to create an <see cref="OnnxBackbone"/>. This is where the
    /// I/O happens: the options are validated, the file hashed, the graph edited to expose the pooled and map
    /// outputs, a session opened (or reused for the same file and settings), the input size checked against the
    /// model, and a one-image probe run to learn the exact output shapes.
    /// </summary>
    /// <param name="options">Names its input, pooled output and map output, and its preprocessing.</param>
    /// <param name="logger">Receives warnings, such as a CUDA request that fell back to the CPU.</param>
    /// <returns>The backbone.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid, or do not fit the model; the message lists every problem.</exception>
    /// <exception cref="FileNotFoundException">The model file does not exist.</exception>
    /// <exception cref="InvalidInputException">The file is not an ONNX model, or lacks the named tensors.</exception>
    public static OnnxBackbone FromOnnx(OnnxBackboneOptions options, ILogger? logger = null) => OnnxBackbone.Load(options, logger);
}
