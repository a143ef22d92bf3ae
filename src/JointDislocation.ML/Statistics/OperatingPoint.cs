namespace JointDislocation.ML.Statistics;

/// <summary>A chosen threshold and the sensitivity and specificity it had on the data it was chosen on.</summary>
/// <param name="Method">How it was chosen.</param>
/// <param name="Threshold">Cases with <c>score ≥ Threshold</c> are called positive.</param>
/// <param name="Sensitivity">The true-positive rate at the threshold on the selection data.</param>
/// <param name="Specificity">The true-negative rate at the threshold on the selection data.</param>
public sealed record OperatingPoint(ThresholdMethod Method, double Threshold, double Sensitivity, double Specificity);
