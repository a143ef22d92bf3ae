namespace JointDislocation.ML.Statistics;

/// <summary>A two-sided confidence interval. Both bounds are NaN when the figure is undefined.</summary>
/// <param name="Lower">The lower bound.</param>
/// <param name="Upper">The upper bound.</param>
/// <param name="Level">The confidence level, for example 0.95.</param>
public readonly record struct ConfidenceInterval(double Lower, double Upper, double Level)
{
    /// <summary>Whether <paramref name="value"/> lies within the bounds (inclusive).</summary>
    /// <param name="value">The value to test.</param>
    /// <returns><see langword="true"/> when <c>Lower ≤ value ≤ Upper</c>.</returns>
    public bool Contains(double value) => value >= Lower && value <= Upper;
}
