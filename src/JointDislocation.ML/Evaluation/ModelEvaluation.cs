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
    IReadOnlyList<SkippedFile> Skipped)
{
    /// <summary>
    /// Whether the test images were checked against the training images at all: false when the model keeps no
    /// training fingerprints (trained with <c>--no-fingerprints</c>), where an empty
    /// <see cref="DuplicatesOfTraining"/> means "not checked", not "none found".
    /// </summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool LeakageChecked { get; init; } = true;

    /// <summary>The warning <c>metrics.json</c> gives when leakage was not checked.</summary>
    public const string LeakageNotCheckedWarning =
        "leakage not checked: the model keeps no fingerprints of its training images (trained with --no-fingerprints), so copies of training images in this test set cannot be found.";
}
