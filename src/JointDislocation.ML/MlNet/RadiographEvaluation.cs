using JointDislocation.ML.Statistics;

namespace JointDislocation.ML.MlNet;

/// <summary>
/// A scored ML.NET data view evaluated with the intervals ML.NET's own evaluator lacks.
/// </summary>
/// <param name="Report">AUROC with its DeLong interval and, when asked, the stratified bootstrap interval.</param>
/// <param name="Curve">The ROC curve.</param>
/// <param name="Threshold">The threshold applied, and how it was chosen.</param>
/// <param name="AtThreshold">Sensitivity, specificity, PPV, NPV, accuracy and F1 at the threshold, with Wilson intervals.</param>
/// <param name="Calibration">Brier score, ECE and reliability bins; null when the scores are not probabilities.</param>
/// <param name="Warnings">The report's warnings, and one when the threshold was chosen on this data.</param>
public sealed record RadiographEvaluation(
    EvaluationReport Report,
    RocCurve Curve,
    OperatingPoint Threshold,
    ConfusionMetrics AtThreshold,
    CalibrationResult? Calibration,
    IReadOnlyList<string> Warnings);
