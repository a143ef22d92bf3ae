namespace JointDislocation.ML.Statistics;

/// <summary>
/// One point of an ROC curve: the rates when every case with <c>score ≥ Threshold</c> is called positive.
/// </summary>
/// <param name="Threshold">The score threshold; the first point of a curve has +∞ (nothing called positive).</param>
/// <param name="FalsePositiveRate">1 − specificity: false positives over negatives (NaN without negatives).</param>
/// <param name="TruePositiveRate">Sensitivity: true positives over positives (NaN without positives).</param>
/// <param name="TruePositives">Positives with a score at or above the threshold.</param>
/// <param name="FalsePositives">Negatives with a score at or above the threshold.</param>
public readonly record struct RocPoint(double Threshold, double FalsePositiveRate, double TruePositiveRate, int TruePositives, int FalsePositives);
