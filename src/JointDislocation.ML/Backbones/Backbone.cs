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
    /// <remarks>
    /// Without <paramref name="applicationDirectory"/> the files are searched for, in order: next to the application
    /// (where the package's build step copies them into a project that references it directly); in the folder the
    /// package's assembly was loaded from and that folder's <c>../../tools</c> (the package's own layout, when a
    /// notebook loads it straight from the NuGet cache); and in the package's own folder in the NuGet global packages
    /// folder (<c>NUGET_PACKAGES</c>, or <c>~/.nuget/packages</c>), at the version of the loaded assembly — the case of
    /// an application that gets the package only through JointDislocation.ML, such as a file-based app, since the
    /// package's copy step does not flow to indirect references. No user code needs to name a package-cache path.
    /// </remarks>
    /// <param name="applicationDirectory">The folder holding <c>DnnImageModels</c>; searched for when null.</param>
    /// <returns>Options to adjust with <c>with { ... }</c> and pass to <see cref="FromOnnx"/>.</returns>
    /// <exception cref="FileNotFoundException">The model files are in none of the places searched (all named).</exception>
    /// <exception cref="InvalidInputException">The preprocess model is not of the expected form.</exception>
    public static OnnxBackboneOptions ResNet18Options(string? applicationDirectory = null)
    {
        IReadOnlyList<string> candidates = applicationDirectory is not null ? [applicationDirectory] : ResNet18SearchFolders();
        var folder = FindResNet18Folder(candidates) ?? throw new FileNotFoundException(
            "ResNet18 backbone files (" + ResNet18ModelRelativePath + ", " + ResNet18PreprocessRelativePath + ") not found in: " +
            string.Join("; ", candidates) + ". The NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 (a dependency of JointDislocation.ML) " +
            "holds them in its tools/DnnImageModels folder; restore it, or pass the folder that holds DnnImageModels.",
            Path.Combine(candidates[0], ResNet18ModelRelativePath));
        var model = Path.GetFullPath(Path.Combine(folder, ResNet18ModelRelativePath));
        var preprocess = Path.GetFullPath(Path.Combine(folder, ResNet18PreprocessRelativePath));
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

    /// <summary>The folders searched for <c>DnnImageModels</c>, in order (see <see cref="ResNet18Options(string?)"/>).</summary>
    /// <returns>Full paths, without duplicates.</returns>
    public static IReadOnlyList<string> ResNet18SearchFolders()
    {
        var assembly = typeof(Microsoft.ML.ResNet18Extension).Assembly;
        var version = assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion;
        return ResNet18SearchFolders(AppContext.BaseDirectory, assembly.Location, version, NuGetPackagesFolder());
    }

    /// <summary>The search order for given places (testable without moving the application).</summary>
    internal static IReadOnlyList<string> ResNet18SearchFolders(string applicationDirectory, string? packageAssemblyPath, string? packageVersion, string? nugetPackagesFolder)
    {
        var folders = new List<string> { applicationDirectory };
        if (!string.IsNullOrEmpty(packageAssemblyPath) && Path.GetDirectoryName(Path.GetFullPath(packageAssemblyPath)) is { } assemblyFolder)
        {
            folders.Add(assemblyFolder);
            folders.Add(Path.Combine(assemblyFolder, "..", "..", "tools"));
        }

        if (!string.IsNullOrEmpty(nugetPackagesFolder) && !string.IsNullOrEmpty(packageVersion))
        {
            // The informational version carries the commit after a '+'; the package folder is the bare version.
            var bare = packageVersion.Split('+')[0];
            folders.Add(Path.Combine(nugetPackagesFolder, "microsoft.ml.dnnimagefeaturizer.resnet18", bare.ToLowerInvariant(), "tools"));
        }

        return folders.Select(f => Path.GetFullPath(f)).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The first folder that holds both ResNet18 files, or null.</summary>
    internal static string? FindResNet18Folder(IEnumerable<string> candidates) =>
        candidates.FirstOrDefault(folder =>
            File.Exists(Path.Combine(folder, ResNet18ModelRelativePath)) && File.Exists(Path.Combine(folder, ResNet18PreprocessRelativePath)));

    // NuGet's global packages folder: NUGET_PACKAGES when set, else ~/.nuget/packages (as NuGet itself resolves it
    // without a nuget.config that moves it).
    private static string? NuGetPackagesFolder()
    {
        var configured = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".nuget", "packages");
    }

    /// <summary>The ImageNet ResNet18 backbone (see <see cref="ResNet18Options(string?)"/>).</summary>
    /// <param name="resizePolicy">How images reach the input size.</param>
    /// <param name="executionProvider">CPU, or CUDA with a fallback to the CPU.</param>
    /// <param name="logger">Receives warnings.</param>
    /// <param name="inputSize">The square input side in pixels (see <see cref="ResNet18Options(int, string?)"/>).</param>
    /// <returns>The backbone.</returns>
    /// <exception cref="FileNotFoundException">The model files are in none of the places searched.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputSize"/> is not a multiple of 32 in 64–1024.</exception>
    public static OnnxBackbone ResNet18(ResizePolicy resizePolicy = ResizePolicy.IsoCrop, BackboneExecutionProvider executionProvider = BackboneExecutionProvider.Cpu, ILogger? logger = null, int inputSize = ResNet18InputSize) =>
        FromOnnx(ResNet18Options(inputSize) with { ResizePolicy = resizePolicy, ExecutionProvider = executionProvider }, logger);

    /// <summary>The input side ResNet18 was trained at and its graph fixes: 224 pixels.</summary>
    public const int ResNet18InputSize = 224;

    /// <summary>
    /// Options for ResNet18 run at another square input size, with every weight unchanged: the graph's input becomes
    /// <paramref name="inputSize"/> × <paramref name="inputSize"/>, its final 7×7 average pool a global one (so the
    /// features stay 512 values) and the mean image is resampled to the new size. The feature map grows with the
    /// input (14×14 at 448), and the network sees four times the pixels: what a whole-pelvis film needs for the hip
    /// to be more than a few map cells (docs/backbones.md, "Input size"). Featurising costs about the square of the
    /// side: 448 takes about four times as long as 224. The batch shrinks by the same factor (4 images at 448), so an
    /// inference call holds as many pixels, and as much activation memory, as 16 images at 224.
    /// </summary>
    /// <param name="inputSize">The side in pixels: a multiple of 32 (the network's five stride-2 stages) from 64 to 1024.</param>
    /// <param name="applicationDirectory">As for <see cref="ResNet18Options(string?)"/>.</param>
    /// <returns>Options to adjust with <c>with { ... }</c> and pass to <see cref="FromOnnx"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputSize"/> is not a multiple of 32 in 64–1024.</exception>
    public static OnnxBackboneOptions ResNet18Options(int inputSize, string? applicationDirectory = null)
    {
        if (!IsValidResNet18InputSize(inputSize))
        {
            throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, $"The ResNet18 input size must be a multiple of 32 from 64 to 1024, got {inputSize}.");
        }

        var options = ResNet18Options(applicationDirectory);
        return inputSize == ResNet18InputSize
            ? options
            : options with
            {
                InputWidth = inputSize,
                InputHeight = inputSize,

                // The same pixels per inference call as 16 images at 224, so ONNX Runtime's activation memory stays put.
                BatchSize = Math.Clamp(options.BatchSize * ResNet18InputSize * ResNet18InputSize / (inputSize * inputSize), 1, 256),
                Preprocessing = options.Preprocessing.WithMeanImageResampled(ResNet18InputSize, ResNet18InputSize, inputSize, inputSize),
            };
    }

    /// <summary>Whether ResNet18 can run at this square input side: a multiple of 32 from 64 to 1024.</summary>
    /// <param name="inputSize">The side in pixels.</param>
    /// <returns><see langword="true"/> when it can.</returns>
    public static bool IsValidResNet18InputSize(int inputSize) => inputSize is >= 64 and <= 1024 && inputSize % 32 == 0;

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
