namespace JointDislocation.ML.Statistics;

/// <summary>
/// An empirical ROC curve with scikit-learn's conventions (<c>roc_curve(..., drop_intermediate=False)</c>): higher
/// scores mean positive, a case is called positive when <c>score ≥ threshold</c>, thresholds are the distinct scores
/// in descending order preceded by +∞, and tied scores share one point.
/// </summary>
public sealed class RocCurve
{
    private RocCurve(IReadOnlyList<RocPoint> points, int positives, int negatives)
    {
        Points = points;
        Positives = positives;
        Negatives = negatives;
    }

    /// <summary>The points, from (0, 0) at threshold +∞ to (1, 1) at the lowest score.</summary>
    public IReadOnlyList<RocPoint> Points { get; }

    /// <summary>The number of positive cases.</summary>
    public int Positives { get; }

    /// <summary>The number of negative cases.</summary>
    public int Negatives { get; }

    /// <summary>The trapezoidal area under the points; equals <see cref="Auroc.Compute"/> (NaN with one class).</summary>
    public double Area
    {
        get
        {
            if (Positives == 0 || Negatives == 0)
            {
                return double.NaN;
            }

            // Integer trapezoids (twice the area in TP·FP units) keep it exact.
            long twice = 0;
            for (var i = 1; i < Points.Count; i++)
            {
                var previous = Points[i - 1];
                var current = Points[i];
                twice += (long)(current.FalsePositives - previous.FalsePositives) * (current.TruePositives + previous.TruePositives);
            }

            return twice / (2.0 * Positives * Negatives);
        }
    }

    /// <summary>Computes the curve in O(n log n).</summary>
    /// <param name="labels">One label per case; <see langword="true"/> is positive (dislocated).</param>
    /// <param name="scores">One finite score per case; higher means more likely positive.</param>
    /// <returns>The curve.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The lengths differ, or a score is NaN or infinite (the message names its row).</exception>
    public static RocCurve Compute(IReadOnlyList<bool> labels, IReadOnlyList<double> scores)
    {
        ScoreChecks.LabelsAndScores(labels, scores);
        var n = labels.Count;
        var keys = new double[n];
        var isPositive = new bool[n];
        var positives = 0;
        for (var i = 0; i < n; i++)
        {
            keys[i] = -scores[i];
            isPositive[i] = labels[i];
            positives += labels[i] ? 1 : 0;
        }

        var negatives = n - positives;
        Array.Sort(keys, isPositive);
        double tprScale = positives == 0 ? double.NaN : 1.0 / positives;
        double fprScale = negatives == 0 ? double.NaN : 1.0 / negatives;
        var points = new List<RocPoint> { new(double.PositiveInfinity, 0 * fprScale, 0 * tprScale, 0, 0) };
        int tp = 0, fp = 0;
        var start = 0;
        while (start < n)
        {
            var end = start;
            while (end < n && keys[end] == keys[start])
            {
                if (isPositive[end])
                {
                    tp++;
                }
                else
                {
                    fp++;
                }

                end++;
            }

            points.Add(new RocPoint(-keys[start], fp * fprScale, tp * tprScale, tp, fp));
            start = end;
        }

        return new RocCurve(points.AsReadOnly(), positives, negatives);
    }
}
