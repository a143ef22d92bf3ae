namespace JointDislocation.ML.Backbones;

/// <summary>Where ONNX Runtime runs a backbone.</summary>
public enum BackboneExecutionProvider
{
    /// <summary>The CPU (always available).</summary>
    Cpu = 0,

    /// <summary>
    /// An NVIDIA GPU through ONNX Runtime's CUDA provider. Needs the GPU build of ONNX Runtime
    /// (<c>Microsoft.ML.OnnxRuntime.Gpu.Linux</c>) in place of the CPU package, plus CUDA; where it cannot load, the
    /// backbone logs a warning and runs on the CPU.
    /// </summary>
    Cuda = 1,
}
