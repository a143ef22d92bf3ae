namespace JointDislocation.ML.Data;

/// <summary>What the duplicate finder found between a test set and a training set.</summary>
/// <param name="Matches">Every matching (test, training) pair, ordered by test path, kind (exact first), distance, training path.</param>
/// <param name="Skipped">Files that could not be read or decoded, and why.</param>
/// <param name="TestImagesChecked">How many test images were hashed.</param>
/// <param name="TrainingImagesChecked">How many training images were hashed.</param>
public sealed record DuplicateReport(
    IReadOnlyList<DuplicateMatch> Matches,
    IReadOnlyList<SkippedFile> Skipped,
    int TestImagesChecked,
    int TrainingImagesChecked)
{
    /// <summary>The distinct test images that copy at least one training image.</summary>
    public IReadOnlyList<string> LeakedTestImages => Matches.Select(m => m.TestPath).Distinct().ToList();
}
