namespace JointDislocation.ML.Training;

/// <summary>What an <see cref="IBackboneFineTuner"/> wrote.</summary>
/// <param name="Path">The fine-tuned ONNX file.</param>
/// <param name="Sha256">Its SHA-256, lower-case hex.</param>
public sealed record FineTunedBackboneFile(string Path, string Sha256);
