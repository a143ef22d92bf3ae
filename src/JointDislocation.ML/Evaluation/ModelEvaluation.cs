using JointDislocation.ML.Data;
using JointDislocation.ML.Statistics;

namespace JointDislocation.ML.Evaluation;

/// <summary>A model scored on a test set: discrimination with intervals, the figures at the model's threshold, calibration and leakage.</summary>
/// <param name="Images">Every usable test image with its prediction, in input order.</param>
/// <param name="Report">AUROC with DeLong (and bootstrap) intervals.</param>
/// <param name="Curve">The ROC curve.</param>
/// <param name="AtThreshold">Sensitivity, specificity, PPV, NPV, accuracy and F1 at the model's threshold, with Wilson intervals.</param>
/// <param name="Calibration">Brier score, ECE and reliability bins.</param>
/// <param name="DuplicatesOfTraining">Test images that are exact or near copies of training images (the model bundle's fingerprints).</param>
/// <param name="Skipped">Test files that could not be used, with the reason.</param>
public sealed record ModelEvaluation(
    IReadOnlyList<ScoredImage> Images,
    EvaluationReport Report,
    RocCurve Curve,
    ConfusionMetrics AtThreshold,
    CalibrationResult Calibration,
    IReadOnlyList<string> DuplicatesOfTraining,
    IReadOnlyList<SkippedFile> Skipped);
