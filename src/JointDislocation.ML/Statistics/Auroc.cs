namespace JointDislocation.ML.Statistics;

/// <summary>
/// The area under the ROC curve as the Mann–Whitney statistic: the probability that a random positive case scores
/// higher than a random negative case, ties counted one half. It equals the trapezoidal area of the empirical curve,
/// scikit-learn's <c>roc_auc_score</c> and pROC's <c>auc(..., direction = "&lt;")</c>.
/// </summary>
public static class Auroc
{
    /// <summary>Computes the AUROC in O(n log n). Higher scores mean positive; the direction is never flipped.</summary>
    /// <param name="labels">One label per case; <see langword="true"/> is positive (dislocated).</param>
    /// <param name="scores">One finite score per case.</param>
    /// <returns>The AUROC in [0, 1]; NaN when either class is empty (the AUROC is undefined then).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The lengths differ, or a score is NaN or infinite (the message names its row).</exception>
    public static double Compute(IReadOnlyList<bool> labels, IReadOnlyList<double> scores)
    {
        ScoreChecks.LabelsAndScores(labels, scores);
        return Placements.Compute(labels, scores).Auroc;
    }
}
