namespace JointDislocation.ML.Statistics;

/// <summary>
/// The high-level entry to Evaluation: an AUROC with its DeLong and (optionally) bootstrap intervals and warnings,
/// and comparisons between models or between sets. Undefined figures (one class) are NaN with a warning, never an
/// exception.
/// </summary>
public static class RocStatistics
{
    /// <summary>Evaluates scores against labels.</summary>
    /// <param name="labels">One label per case; <see langword="true"/> is positive (dislocated).</param>
    /// <param name="scores">One finite score per case; higher means positive.</param>
    /// <param name="level">The confidence level of the DeLong interval.</param>
    /// <param name="bootstrap">Bootstrap settings, or <see langword="null"/> for no bootstrap.</param>
    /// <param name="cancellationToken">Stops the bootstrap.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The lengths differ, a score is not finite (the message names its row), or a bootstrap option is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is not strictly between 0 and 1.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static EvaluationReport Evaluate(
        IReadOnlyList<bool> labels, IReadOnlyList<double> scores, double level = 0.95, BootstrapOptions? bootstrap = null, CancellationToken cancellationToken = default)
    {
        var delong = DeLong.Compute(labels, scores, level);
        var warnings = Warnings(delong, scores);
        var bootstrapResult = bootstrap is null ? null : BootstrapCi.Compute(labels, scores, bootstrap, cancellationToken);
        return new EvaluationReport(labels.Count, delong.Positives, delong.Negatives, delong.Auroc, delong, bootstrapResult, warnings);
    }

    /// <summary>The paired DeLong test of two models on the same cases (see <see cref="DeLong.ComparePaired"/>).</summary>
    /// <param name="labels">One label per case.</param>
    /// <param name="scores1">The first model's scores.</param>
    /// <param name="scores2">The second model's scores, same cases, same order.</param>
    /// <returns>The comparison.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The lengths differ, or a score is not finite.</exception>
    public static RocComparison ComparePaired(IReadOnlyList<bool> labels, IReadOnlyList<double> scores1, IReadOnlyList<double> scores2) =>
        DeLong.ComparePaired(labels, scores1, scores2);

    /// <summary>The unpaired DeLong test of two independent sets, for example internal against external.</summary>
    /// <param name="first">The first set's report.</param>
    /// <param name="second">The second set's report.</param>
    /// <returns>The comparison.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static RocComparison CompareUnpaired(EvaluationReport first, EvaluationReport second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return DeLong.CompareUnpaired(first.DeLong, second.DeLong);
    }

    private static List<string> Warnings(DeLongResult delong, IReadOnlyList<double> scores)
    {
        var warnings = new List<string>();
        if (delong.Positives == 0 || delong.Negatives == 0)
        {
            var missing = delong.Positives == 0 ? "positive" : "negative";
            warnings.Add($"There are no {missing} cases ({delong.Positives} positive, {delong.Negatives} negative): the AUROC and its intervals are undefined (NaN).");
            return warnings;
        }

        if (delong.Positives == 1 || delong.Negatives == 1)
        {
            var single = delong.Positives == 1 ? "positive" : "negative";
            warnings.Add($"There is only one {single} case: the DeLong variance, standard error and interval are undefined (NaN).");
        }

        var allTied = true;
        for (var i = 1; i < scores.Count && allTied; i++)
        {
            allTied = scores[i] == scores[0];
        }

        if (allTied)
        {
            warnings.Add("All scores are tied: the AUROC is 0.5 and says nothing about discrimination.");
        }

        return warnings;
    }
}
