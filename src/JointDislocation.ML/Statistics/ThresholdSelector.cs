namespace JointDislocation.ML.Statistics;

/// <summary>
/// Chooses operating thresholds on an ROC curve (computed on internal data), to be applied unchanged to external
/// data with <see cref="ConfusionMetrics.At"/>. Candidates are the curve's thresholds (the distinct scores, and +∞);
/// when several are equally good, the highest threshold wins (the fewest positive calls).
/// </summary>
public static class ThresholdSelector
{
    /// <summary>The threshold that maximises Youden's J = sensitivity + specificity − 1.</summary>
    /// <param name="curve">The ROC curve of the selection data.</param>
    /// <returns>The operating point.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="curve"/> is null.</exception>
    /// <exception cref="ArgumentException">The curve has only one class.</exception>
    public static OperatingPoint Youden(RocCurve curve) =>
        Best(curve, ThresholdMethod.Youden, p => p.TruePositiveRate - p.FalsePositiveRate);

    /// <summary>The threshold closest to the top-left corner (sensitivity 1, specificity 1).</summary>
    /// <param name="curve">The ROC curve of the selection data.</param>
    /// <returns>The operating point.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="curve"/> is null.</exception>
    /// <exception cref="ArgumentException">The curve has only one class.</exception>
    public static OperatingPoint ClosestToTopLeft(RocCurve curve) =>
        Best(curve, ThresholdMethod.ClosestToTopLeft, p =>
            -(((1 - p.TruePositiveRate) * (1 - p.TruePositiveRate)) + (p.FalsePositiveRate * p.FalsePositiveRate)));

    /// <summary>
    /// The highest threshold whose sensitivity is at least <paramref name="targetSensitivity"/>, which gives the best
    /// specificity among the thresholds that miss no more dislocations than the target allows.
    /// </summary>
    /// <param name="curve">The ROC curve of the selection data.</param>
    /// <param name="targetSensitivity">The sensitivity to reach, in (0, 1].</param>
    /// <returns>The operating point.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="curve"/> is null.</exception>
    /// <exception cref="ArgumentException">The curve has only one class.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The target is not in (0, 1].</exception>
    public static OperatingPoint TargetSensitivity(RocCurve curve, double targetSensitivity)
    {
        CheckCurve(curve);
        if (!(targetSensitivity > 0 && targetSensitivity <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(targetSensitivity), targetSensitivity, "The target sensitivity must lie in (0, 1].");
        }

        // Points run from the highest threshold down and sensitivity never falls, so the first that reaches the
        // target is the highest such threshold. Counts, not rates, avoid rounding at an exact target like 0.9.
        foreach (var point in curve.Points)
        {
            if (point.TruePositives >= targetSensitivity * curve.Positives - 1e-9)
            {
                return ToOperatingPoint(ThresholdMethod.TargetSensitivity, point);
            }
        }

        return ToOperatingPoint(ThresholdMethod.TargetSensitivity, curve.Points[^1]);
    }

    /// <summary>A fixed threshold, with the sensitivity and specificity it has on the curve's data.</summary>
    /// <param name="curve">The ROC curve of the selection data.</param>
    /// <param name="threshold">The threshold.</param>
    /// <returns>The operating point.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="curve"/> is null.</exception>
    /// <exception cref="ArgumentException">The curve has only one class.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is NaN.</exception>
    public static OperatingPoint Fixed(RocCurve curve, double threshold)
    {
        CheckCurve(curve);
        if (double.IsNaN(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be a number.");
        }

        // The rates at a threshold are those of the lowest curve threshold still ≥ it (the last point above).
        var chosen = curve.Points[0];
        foreach (var point in curve.Points)
        {
            if (point.Threshold >= threshold)
            {
                chosen = point;
            }
        }

        return ToOperatingPoint(ThresholdMethod.Fixed, chosen) with { Threshold = threshold };
    }

    /// <summary>Chooses by method; <paramref name="parameter"/> is the target sensitivity or the fixed threshold.</summary>
    /// <param name="curve">The ROC curve of the selection data.</param>
    /// <param name="method">The method.</param>
    /// <param name="parameter">Needed for <see cref="ThresholdMethod.TargetSensitivity"/> and <see cref="ThresholdMethod.Fixed"/>.</param>
    /// <returns>The operating point.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="curve"/> is null.</exception>
    /// <exception cref="ArgumentException">The curve has only one class, or the method needs a parameter that is missing.</exception>
    public static OperatingPoint Select(RocCurve curve, ThresholdMethod method, double? parameter = null) => method switch
    {
        ThresholdMethod.Youden => Youden(curve),
        ThresholdMethod.ClosestToTopLeft => ClosestToTopLeft(curve),
        ThresholdMethod.TargetSensitivity => TargetSensitivity(curve, parameter ?? throw new ArgumentException("TargetSensitivity needs the target as parameter.", nameof(parameter))),
        ThresholdMethod.Fixed => Fixed(curve, parameter ?? throw new ArgumentException("Fixed needs the threshold as parameter.", nameof(parameter))),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown threshold method."),
    };

    private static OperatingPoint Best(RocCurve curve, ThresholdMethod method, Func<RocPoint, double> goodness)
    {
        CheckCurve(curve);
        var best = curve.Points[0];
        var bestValue = goodness(best);
        foreach (var point in curve.Points)
        {
            var value = goodness(point);
            if (value > bestValue + 1e-12)
            {
                best = point;
                bestValue = value;
            }
        }

        return ToOperatingPoint(method, best);
    }

    private static void CheckCurve(RocCurve curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        if (curve.Positives == 0 || curve.Negatives == 0)
        {
            throw new ArgumentException("A threshold cannot be chosen on data with only one class.", nameof(curve));
        }
    }

    private static OperatingPoint ToOperatingPoint(ThresholdMethod method, RocPoint point) =>
        new(method, point.Threshold, point.TruePositiveRate, 1 - point.FalsePositiveRate);
}
