namespace JointDislocation.ML.Statistics;

/// <summary>A proportion with its Wilson confidence interval.</summary>
/// <param name="Estimate">The proportion (NaN when its denominator is 0).</param>
/// <param name="Interval">The Wilson interval.</param>
public readonly record struct Proportion(double Estimate, ConfidenceInterval Interval)
{
    internal static Proportion Of(double successes, double trials, double level) =>
        new(trials == 0 ? double.NaN : successes / trials, WilsonInterval.Compute(successes, trials, level));
}
