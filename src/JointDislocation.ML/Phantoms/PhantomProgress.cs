namespace JointDislocation.ML.Phantoms;

/// <summary>How far writing a phantom set has got.</summary>
/// <param name="Completed">Images written so far.</param>
/// <param name="Total">Images to write.</param>
public readonly record struct PhantomProgress(int Completed, int Total);
