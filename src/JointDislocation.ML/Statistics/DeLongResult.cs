namespace JointDislocation.ML.Statistics;

/// <summary>An AUROC with its DeLong variance and the resulting normal confidence interval.</summary>
/// <param name="Auroc">The Mann–Whitney AUROC (NaN with one class).</param>
/// <param name="Variance">DeLong's variance S10/m + S01/n (NaN with fewer than two cases in a class).</param>
/// <param name="StandardError">The square root of <paramref name="Variance"/>.</param>
/// <param name="Interval">AUROC ± z·SE, clipped to [0, 1], as pROC's <c>ci.auc(method = "delong")</c>.</param>
/// <param name="Positives">The number of positive cases.</param>
/// <param name="Negatives">The number of negative cases.</param>
public sealed record DeLongResult(double Auroc, double Variance, double StandardError, ConfidenceInterval Interval, int Positives, int Negatives);
