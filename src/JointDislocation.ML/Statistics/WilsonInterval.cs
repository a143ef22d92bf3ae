namespace JointDislocation.ML.Statistics;

/// <summary>
/// The Wilson score interval of a binomial proportion (R's <c>prop.test(x, n, correct = FALSE)$conf.int</c>). It
/// stays inside [0, 1] and behaves at 0 of n and n of n, where the Wald interval collapses.
/// </summary>
public static class WilsonInterval
{
    /// <summary>Computes the interval.</summary>
    /// <param name="successes">The number of successes (may be fractional, see <see cref="ConfusionMetrics.F1"/>).</param>
    /// <param name="trials">The number of trials; 0 gives NaN bounds.</param>
    /// <param name="level">The confidence level.</param>
    /// <returns>The interval.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, successes exceed trials, or the level is not in (0, 1).</exception>
    public static ConfidenceInterval Compute(double successes, double trials, double level = 0.95)
    {
        ScoreChecks.Level(level);
        ArgumentOutOfRangeException.ThrowIfNegative(trials);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        if (trials == 0)
        {
            return new ConfidenceInterval(double.NaN, double.NaN, level);
        }

        var z = NormalDistribution.Quantile(0.5 + level / 2);
        var z2 = z * z;
        var p = successes / trials;
        var denominator = 1 + z2 / trials;
        var centre = (p + z2 / (2 * trials)) / denominator;
        var half = z / denominator * Math.Sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials));
        return new ConfidenceInterval(Math.Max(0, centre - half), Math.Min(1, centre + half), level);
    }
}
