namespace JointDislocation.ML.Statistics;

/// <summary>
/// Calibration of predicted probabilities: Brier score, expected calibration error and reliability bins. Bins are
/// equal width with scikit-learn's edges (<c>calibration_curve(strategy = "uniform")</c>): bin i holds
/// i/B ≤ p &lt; (i+1)/B, and p = 1 falls in the last bin.
/// </summary>
public static class Calibration
{
    /// <summary>Computes the calibration figures.</summary>
    /// <param name="labels">One label per case; <see langword="true"/> is positive.</param>
    /// <param name="probabilities">One predicted probability of the positive class per case, in [0, 1].</param>
    /// <param name="bins">The number of equal-width bins.</param>
    /// <returns>The result; NaN figures when there are no cases.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The lengths differ, or a probability is outside [0, 1] (the message names its row).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bins"/> is less than 1.</exception>
    public static CalibrationResult Compute(IReadOnlyList<bool> labels, IReadOnlyList<double> probabilities, int bins = 10)
    {
        ScoreChecks.LabelsAndScores(labels, probabilities, nameof(probabilities));
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var counts = new int[bins];
        var sumPredicted = new double[bins];
        var sumPositive = new double[bins];
        var brier = 0.0;
        var step = 1.0 / bins;
        for (var i = 0; i < labels.Count; i++)
        {
            var p = probabilities[i];
            if (p is < 0 or > 1)
            {
                throw new ArgumentException(
                    $"The probability at index {i} (row {i + 1}) is {ScoreChecks.Describe(p)}; probabilities must lie in [0, 1].", nameof(probabilities));
            }

            var y = labels[i] ? 1.0 : 0.0;
            brier += (p - y) * (p - y);
            var bin = Math.Min((int)(p * bins), bins - 1);
            // Edges are i·step as numpy's linspace makes them; move across an edge that rounding put on the wrong side.
            while (bin > 0 && p < bin * step)
            {
                bin--;
            }

            while (bin < bins - 1 && p >= (bin + 1) * step)
            {
                bin++;
            }

            counts[bin]++;
            sumPredicted[bin] += p;
            sumPositive[bin] += y;
        }

        var n = labels.Count;
        var result = new ReliabilityBin[bins];
        var ece = 0.0;
        for (var b = 0; b < bins; b++)
        {
            var meanPredicted = counts[b] == 0 ? double.NaN : sumPredicted[b] / counts[b];
            var observed = counts[b] == 0 ? double.NaN : sumPositive[b] / counts[b];
            if (counts[b] > 0)
            {
                ece += (double)counts[b] / n * Math.Abs(meanPredicted - observed);
            }

            result[b] = new ReliabilityBin(b * step, b == bins - 1 ? 1.0 : (b + 1) * step, counts[b], meanPredicted, observed);
        }

        return n == 0
            ? new CalibrationResult(double.NaN, double.NaN, result)
            : new CalibrationResult(brier / n, ece, result);
    }
}
