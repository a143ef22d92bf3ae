namespace JointDislocation.ML.Backbones;

/// <summary>Progress of a featurization run, reported after each batch.</summary>
/// <param name="Completed">Images featurized so far.</param>
/// <param name="Total">Images in the run.</param>
public readonly record struct FeaturizationProgress(int Completed, int Total);
