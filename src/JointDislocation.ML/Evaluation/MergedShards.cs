using JointDislocation.ML.Data;

namespace JointDislocation.ML.Evaluation;

/// <summary>The shards of a <c>score</c> or <c>evaluate</c> run put back together, in input order.</summary>
/// <param name="Plan">The run's plan (command, model, listing, settings).</param>
/// <param name="Images">The scored images (records carry path, label and listing position; fingerprints carry only the SHA-256).</param>
/// <param name="SkippedWhileLoading">Files the loaders left out.</param>
/// <param name="SkippedWhileScoring">Files that could not be decoded.</param>
/// <param name="DuplicatesOfTraining">Paths of images that are copies of training images.</param>
public sealed record MergedShards(
    ShardPlan Plan,
    IReadOnlyList<ScoredImage> Images,
    IReadOnlyList<SkippedFile> SkippedWhileLoading,
    IReadOnlyList<SkippedFile> SkippedWhileScoring,
    IReadOnlyList<string> DuplicatesOfTraining);
