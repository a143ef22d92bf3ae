namespace JointDislocation.ML.Backbones;

/// <summary>
/// Describes an ONNX image model as a backbone: where it is, which tensors are its input, pooled features and last
/// convolutional map, and how pixels are prepared. Validated by <see cref="Backbone.FromOnnx"/> before any work starts,
/// with every problem reported in one message.
/// </summary>
public sealed record OnnxBackboneOptions
{
    /// <summary>The <c>.onnx</c> file. Required.</summary>
    public string ModelPath { get; init; } = string.Empty;

    /// <summary>A short name for reports and bundles.</summary>
    /// <value>Default: the model file name without extension.</value>
    public string? Name { get; init; }

    /// <summary>The graph input that takes the image tensor [N, 3, H, W]. Required.</summary>
    public string InputName { get; init; } = string.Empty;

    /// <summary>The tensor holding the pooled feature vector per image, for example [N, 512, 1, 1] or [N, 512]. Required.</summary>
    public string PooledOutputName { get; init; } = string.Empty;

    /// <summary>
    /// The tensor holding the last convolutional map [N, C, h, w]. Required. It need not be a graph output: the graph
    /// is edited in memory to expose it.
    /// </summary>
    public string MapOutputName { get; init; } = string.Empty;

    /// <summary>Input width in pixels.</summary>
    /// <value>Default: read from the model's input shape (224 for ResNet18).</value>
    public int? InputWidth { get; init; }

    /// <summary>Input height in pixels.</summary>
    /// <value>Default: read from the model's input shape (224 for ResNet18).</value>
    public int? InputHeight { get; init; }

    /// <summary>How pixel values are scaled and normalised.</summary>
    /// <value>Default <see cref="BackbonePreprocessing.None"/> (0–255, RGB).</value>
    public BackbonePreprocessing Preprocessing { get; init; } = BackbonePreprocessing.None;

    /// <summary>How images of other sizes and aspect ratios are brought to the input size.</summary>
    /// <value>Default <see cref="ResizePolicy.IsoCrop"/> (ML.NET's default).</value>
    public ResizePolicy ResizePolicy { get; init; } = ResizePolicy.IsoCrop;

    /// <summary>Images per inference call, 1 to 256; 8–32 keeps the CPU busy without large buffers.</summary>
    /// <value>Default 16.</value>
    public int BatchSize { get; init; } = 16;

    /// <summary>ONNX Runtime intra-op threads.</summary>
    /// <value>Default: the CPUs this process was given — <c>SLURM_CPUS_PER_TASK</c> when set, else the processors its CPU affinity allows (not the node's core count).</value>
    public int? IntraOpThreads { get; init; }

    /// <summary>Where to run.</summary>
    /// <value>Default <see cref="BackboneExecutionProvider.Cpu"/>.</value>
    public BackboneExecutionProvider ExecutionProvider { get; init; } = BackboneExecutionProvider.Cpu;

    /// <summary>The CUDA device when <see cref="ExecutionProvider"/> is <see cref="BackboneExecutionProvider.Cuda"/>.</summary>
    /// <value>Default 0.</value>
    public int CudaDeviceId { get; init; }

    internal int EffectiveIntraOpThreads => IntraOpThreads ?? CpuBudget.Processors();

    /// <summary>States the rules of the fields that do not need the model file.</summary>
    internal void Collect(OptionsValidator errors)
    {
        if (string.IsNullOrWhiteSpace(ModelPath))
        {
            errors.Add($"ModelPath is required.");
        }

        if (string.IsNullOrWhiteSpace(InputName))
        {
            errors.Add($"InputName is required.");
        }

        if (string.IsNullOrWhiteSpace(PooledOutputName))
        {
            errors.Add($"PooledOutputName is required.");
        }

        if (string.IsNullOrWhiteSpace(MapOutputName))
        {
            errors.Add($"MapOutputName is required.");
        }

        if (InputWidth is < 1 || InputHeight is < 1)
        {
            errors.Add($"InputWidth and InputHeight must be at least 1, got {InputWidth}×{InputHeight}.");
        }

        if (Preprocessing is null)
        {
            errors.Add($"Preprocessing is required.");
        }

        if (!Enum.IsDefined(ResizePolicy))
        {
            errors.Add($"ResizePolicy {ResizePolicy} is not defined.");
        }

        if (BatchSize is < 1 or > 256)
        {
            errors.Add($"BatchSize must be 1 to 256, got {BatchSize}.");
        }

        if (IntraOpThreads is < 1)
        {
            errors.Add($"IntraOpThreads must be at least 1, got {IntraOpThreads}.");
        }

        if (!Enum.IsDefined(ExecutionProvider))
        {
            errors.Add($"ExecutionProvider {ExecutionProvider} is not defined.");
        }

        if (CudaDeviceId < 0)
        {
            errors.Add($"CudaDeviceId must not be negative, got {CudaDeviceId}.");
        }
    }
}
