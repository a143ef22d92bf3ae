namespace JointDislocation.ML.Data;

/// <summary>One fold of a k-fold split: its held-out records and the rest, as ascending indices and as records.</summary>
/// <param name="Fold">The fold number, 0-based.</param>
/// <param name="TrainIndices">Indices of the records trained on in this fold.</param>
/// <param name="TestIndices">Indices of the records held out in this fold.</param>
/// <param name="Train">The records trained on, in index order.</param>
/// <param name="Test">The records held out, in index order.</param>
public sealed record CrossValidationFold(
    int Fold,
    IReadOnlyList<int> TrainIndices,
    IReadOnlyList<int> TestIndices,
    IReadOnlyList<RadiographRecord> Train,
    IReadOnlyList<RadiographRecord> Test);
