namespace JointDislocation.ML.Statistics;

/// <summary>
/// DeLong's nonparametric variance of the AUROC (DeLong, DeLong and Clarke-Pearson 1988), computed with the fast
/// O(n log n) algorithm of Sun and Xu (2014), and the tests built on it. The figures match R's pROC 1.18 with
/// <c>direction = "&lt;"</c>: <c>var(roc, method = "delong")</c>, <c>ci.auc(method = "delong")</c> and
/// <c>roc.test(method = "delong", paired = TRUE/FALSE)</c>.
/// </summary>
public static class DeLong
{
    /// <summary>The AUROC with its DeLong variance, standard error and confidence interval.</summary>
    /// <param name="labels">One label per case; <see langword="true"/> is positive.</param>
    /// <param name="scores">One finite score per case; higher means positive.</param>
    /// <param name="level">The confidence level of the interval.</param>
    /// <returns>The result. With one class everything is NaN; with a single case in a class the variance is NaN
    /// (a sample variance of one value), as in pROC.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The lengths differ, or a score is NaN or infinite (the message names its row).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is not strictly between 0 and 1.</exception>
    public static DeLongResult Compute(IReadOnlyList<bool> labels, IReadOnlyList<double> scores, double level = 0.95)
    {
        ScoreChecks.LabelsAndScores(labels, scores);
        ScoreChecks.Level(level);
        var placements = Placements.Compute(labels, scores);
        var variance = placements.Variance();
        return new DeLongResult(
            placements.Auroc,
            variance,
            Math.Sqrt(variance),
            NormalInterval(placements.Auroc, Math.Sqrt(variance), level),
            placements.PositiveCount,
            placements.NegativeCount);
    }

    /// <summary>
    /// The normal interval AUROC ± z·SE, with z the (1 + level)/2 normal quantile, clipped to [0, 1] as pROC does.
    /// </summary>
    /// <param name="auroc">The AUROC.</param>
    /// <param name="standardError">Its standard error.</param>
    /// <param name="level">The confidence level.</param>
    /// <returns>The interval; NaN bounds when either input is NaN.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is not strictly between 0 and 1.</exception>
    public static ConfidenceInterval NormalInterval(double auroc, double standardError, double level = 0.95)
    {
        ScoreChecks.Level(level);
        if (double.IsNaN(auroc) || double.IsNaN(standardError))
        {
            return new ConfidenceInterval(double.NaN, double.NaN, level);
        }

        var half = NormalDistribution.Quantile(0.5 + level / 2) * standardError;
        return new ConfidenceInterval(Math.Clamp(auroc - half, 0, 1), Math.Clamp(auroc + half, 0, 1), level);
    }

    /// <summary>
    /// The paired DeLong test of two scores on the same cases (two models, one test set), as pROC's
    /// <c>roc.test(paired = TRUE, method = "delong")</c>.
    /// </summary>
    /// <param name="labels">One label per case.</param>
    /// <param name="scores1">The first model's scores.</param>
    /// <param name="scores2">The second model's scores, on the same cases in the same order.</param>
    /// <returns>Z = (AUROC1 − AUROC2) / SE with the DeLong covariance, and its two-sided p-value.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The lengths differ, or a score is NaN or infinite (the message names its row).</exception>
    public static RocComparison ComparePaired(IReadOnlyList<bool> labels, IReadOnlyList<double> scores1, IReadOnlyList<double> scores2)
    {
        ScoreChecks.LabelsAndScores(labels, scores1, nameof(scores1));
        ScoreChecks.LabelsAndScores(labels, scores2, nameof(scores2));
        var a = Placements.Compute(labels, scores1, keepCaseOrder: true);
        var b = Placements.Compute(labels, scores2, keepCaseOrder: true);
        var variance = a.Variance() + b.Variance() - 2 * Placements.Covariance(a, b);
        var difference = a.Auroc - b.Auroc;
        var standardError = Math.Sqrt(Math.Max(variance, 0));
        // pROC (delong.paired.test): identical curves give 0/0, which it reports as Z = 0, p = 1.
        var z = difference == 0 && standardError == 0 ? 0 : difference / standardError;
        return new RocComparison(a.Auroc, b.Auroc, difference, standardError, z, NormalDistribution.TwoSidedPValue(z), true, double.PositiveInfinity);
    }

    /// <summary>
    /// The unpaired DeLong test of two AUROCs from independent sets (internal vs external), as pROC's
    /// <c>roc.test(paired = FALSE, method = "delong")</c>: D = (AUROC1 − AUROC2) / √(Var1 + Var2), referred to
    /// Student's t with Welch–Satterthwaite degrees of freedom (Var1 + Var2)² / (Var1²/(n1 − 1) + Var2²/(n2 − 1)),
    /// n the total number of cases of each set.
    /// </summary>
    /// <param name="labels1">Labels of the first set.</param>
    /// <param name="scores1">Scores of the first set.</param>
    /// <param name="labels2">Labels of the second set.</param>
    /// <param name="scores2">Scores of the second set.</param>
    /// <returns>The comparison.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The lengths differ, or a score is NaN or infinite (the message names its row).</exception>
    public static RocComparison CompareUnpaired(
        IReadOnlyList<bool> labels1, IReadOnlyList<double> scores1, IReadOnlyList<bool> labels2, IReadOnlyList<double> scores2)
    {
        ScoreChecks.LabelsAndScores(labels1, scores1, nameof(scores1));
        ScoreChecks.LabelsAndScores(labels2, scores2, nameof(scores2));
        var a = Placements.Compute(labels1, scores1);
        var b = Placements.Compute(labels2, scores2);
        return Unpaired(a.Auroc, a.Variance(), labels1.Count, b.Auroc, b.Variance(), labels2.Count);
    }

    /// <summary>The unpaired test from two results already computed (for example, internal and external reports).</summary>
    /// <param name="first">The first set's result.</param>
    /// <param name="second">The second set's result.</param>
    /// <returns>The comparison.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static RocComparison CompareUnpaired(DeLongResult first, DeLongResult second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return Unpaired(
            first.Auroc, first.Variance, first.Positives + first.Negatives, second.Auroc, second.Variance, second.Positives + second.Negatives);
    }

    private static RocComparison Unpaired(double auroc1, double variance1, int count1, double auroc2, double variance2, int count2)
    {
        var difference = auroc1 - auroc2;
        var variance = variance1 + variance2;
        var standardError = Math.Sqrt(variance);
        // As pROC (delong.unpaired.test): no special case, so 0/0 stays NaN.
        var d = difference / standardError;
        var degreesOfFreedom = variance * variance / ((variance1 * variance1 / (count1 - 1)) + (variance2 * variance2 / (count2 - 1)));
        return new RocComparison(auroc1, auroc2, difference, standardError, d, StudentT.TwoSidedPValue(d, degreesOfFreedom), false, degreesOfFreedom);
    }
}
