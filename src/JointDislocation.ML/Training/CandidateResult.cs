using JointDislocation.ML.Augmentation;

namespace JointDislocation.ML.Training;

/// <summary>One candidate of a training run (a head with an augmentation mode) and its cross-validated AUROC.</summary>
/// <param name="Name">For example <c>logreg+static:13</c>.</param>
/// <param name="Head">The head.</param>
/// <param name="Augmentation">The augmentation mode.</param>
/// <param name="CvAuroc">AUROC of the out-of-fold scores.</param>
/// <param name="CvLower">Lower bound of its DeLong confidence interval.</param>
/// <param name="CvUpper">Upper bound of its DeLong confidence interval.</param>
public sealed record CandidateResult(string Name, HeadKind Head, AugmentationMode Augmentation, double CvAuroc, double CvLower, double CvUpper)
{
    /// <summary>The out-of-fold probability of each training image, in the order of the run's records.</summary>
    public IReadOnlyList<double> OutOfFoldScores { get; init; } = [];
}
