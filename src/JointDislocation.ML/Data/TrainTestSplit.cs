namespace JointDislocation.ML.Data;

/// <summary>A train/test split: indices into the records that were split, ascending, and the records themselves.</summary>
/// <param name="TrainIndices">Indices of the training records.</param>
/// <param name="TestIndices">Indices of the test records.</param>
/// <param name="Train">The training records, in index order.</param>
/// <param name="Test">The test records, in index order.</param>
public sealed record TrainTestSplit(
    IReadOnlyList<int> TrainIndices,
    IReadOnlyList<int> TestIndices,
    IReadOnlyList<RadiographRecord> Train,
    IReadOnlyList<RadiographRecord> Test);
