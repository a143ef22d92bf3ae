namespace JointDislocation.ML.Training;

/// <summary>What an <see cref="IBackboneFineTuner"/> wrote.</summary>
/// <param name="Path">The fine-tuned ONNX file.</param>
/// <param name="Sha256">Its SHA-256, lower-case hex.</param>
public sealed record FineTunedBackboneFile(string Path, string Sha256)
{
    /// <summary>Whether the study's on-the-fly augmentation was applied (what the bundle records, whatever was asked).</summary>
    public bool Augmented { get; init; }
}
