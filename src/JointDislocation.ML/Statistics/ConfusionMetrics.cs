namespace JointDislocation.ML.Statistics;

/// <summary>
/// The confusion matrix at one threshold (<c>score ≥ Threshold</c> is called positive) and the figures derived from
/// it, each with a Wilson interval.
/// </summary>
/// <param name="Threshold">The threshold applied.</param>
/// <param name="TruePositives">Positives called positive.</param>
/// <param name="FalsePositives">Negatives called positive.</param>
/// <param name="TrueNegatives">Negatives called negative.</param>
/// <param name="FalseNegatives">Positives called negative (missed dislocations).</param>
/// <param name="Sensitivity">TP / (TP + FN).</param>
/// <param name="Specificity">TN / (TN + FP).</param>
/// <param name="PositivePredictiveValue">TP / (TP + FP).</param>
/// <param name="NegativePredictiveValue">TN / (TN + FN).</param>
/// <param name="Accuracy">(TP + TN) / n.</param>
/// <param name="F1">2TP / (2TP + FP + FN). F1 is not a binomial proportion; its interval is the Wilson interval of
/// TP successes in TP + (FP + FN)/2 trials (F1 written as a proportion), an approximation.</param>
public sealed record ConfusionMetrics(
    double Threshold,
    int TruePositives,
    int FalsePositives,
    int TrueNegatives,
    int FalseNegatives,
    Proportion Sensitivity,
    Proportion Specificity,
    Proportion PositivePredictiveValue,
    Proportion NegativePredictiveValue,
    Proportion Accuracy,
    Proportion F1)
{
    /// <summary>Applies a threshold to scores and computes the metrics.</summary>
    /// <param name="labels">One label per case; <see langword="true"/> is positive.</param>
    /// <param name="scores">One finite score per case.</param>
    /// <param name="threshold">Cases with <c>score ≥ threshold</c> are called positive.</param>
    /// <param name="level">The confidence level of the Wilson intervals.</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The lengths differ, or a score is NaN or infinite (the message names its row).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is NaN, or the level is not in (0, 1).</exception>
    public static ConfusionMetrics At(IReadOnlyList<bool> labels, IReadOnlyList<double> scores, double threshold, double level = 0.95)
    {
        ScoreChecks.LabelsAndScores(labels, scores);
        ScoreChecks.Level(level);
        if (double.IsNaN(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be a number (±infinity is allowed).");
        }

        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            var calledPositive = scores[i] >= threshold;
            if (labels[i])
            {
                if (calledPositive)
                {
                    tp++;
                }
                else
                {
                    fn++;
                }
            }
            else if (calledPositive)
            {
                fp++;
            }
            else
            {
                tn++;
            }
        }

        return FromCounts(threshold, tp, fp, tn, fn, level);
    }

    /// <summary>The metrics of given counts.</summary>
    /// <param name="threshold">The threshold the counts came from (for the record).</param>
    /// <param name="truePositives">TP.</param>
    /// <param name="falsePositives">FP.</param>
    /// <param name="trueNegatives">TN.</param>
    /// <param name="falseNegatives">FN.</param>
    /// <param name="level">The confidence level of the Wilson intervals.</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, or the level is not in (0, 1).</exception>
    public static ConfusionMetrics FromCounts(double threshold, int truePositives, int falsePositives, int trueNegatives, int falseNegatives, double level = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(truePositives);
        ArgumentOutOfRangeException.ThrowIfNegative(falsePositives);
        ArgumentOutOfRangeException.ThrowIfNegative(trueNegatives);
        ArgumentOutOfRangeException.ThrowIfNegative(falseNegatives);
        ScoreChecks.Level(level);
        double tp = truePositives, fp = falsePositives, tn = trueNegatives, fn = falseNegatives;
        return new ConfusionMetrics(
            threshold,
            truePositives,
            falsePositives,
            trueNegatives,
            falseNegatives,
            Proportion.Of(tp, tp + fn, level),
            Proportion.Of(tn, tn + fp, level),
            Proportion.Of(tp, tp + fp, level),
            Proportion.Of(tn, tn + fn, level),
            Proportion.Of(tp + tn, tp + tn + fp + fn, level),
            Proportion.Of(tp, tp + (fp + fn) / 2, level));
    }
}
