using JointDislocation.ML.Statistics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace JointDislocation.ML.MlNet;

/// <summary>
/// <c>mlContext.BinaryClassification.EvaluateWithIntervals(scored)</c>: the library's statistics on any scored
/// ML.NET data view — AUROC with DeLong and bootstrap intervals, the figures at a threshold with Wilson intervals,
/// and calibration.
/// </summary>
public static class RadiographEvaluationCatalog
{
    /// <summary>Evaluates a scored data view with default settings.</summary>
    /// <param name="catalog">The binary classification catalog of an <see cref="MLContext"/>.</param>
    /// <param name="data">Scored data with a boolean label column and a score column.</param>
    /// <param name="labelColumnName">The boolean label column.</param>
    /// <param name="scoreColumnName">The score column (probabilities also get calibration).</param>
    /// <param name="threshold">The operating threshold; null to choose Youden's on this data (flagged in the warnings).</param>
    /// <returns>The evaluation.</returns>
    /// <exception cref="ArgumentException">A column is missing or of the wrong type, a score is not finite, or a setting is invalid.</exception>
    public static RadiographEvaluation EvaluateWithIntervals(
        this BinaryClassificationCatalog catalog,
        IDataView data,
        string labelColumnName = "Label",
        string scoreColumnName = "Probability",
        double? threshold = null) =>
        EvaluateWithIntervals(catalog, data, new RadiographEvaluationOptions { LabelColumnName = labelColumnName, ScoreColumnName = scoreColumnName, Threshold = threshold });

    /// <summary>Evaluates a scored data view.</summary>
    /// <param name="catalog">The binary classification catalog of an <see cref="MLContext"/>.</param>
    /// <param name="data">Scored data with a boolean label column and a score column.</param>
    /// <param name="options">The settings, validated here.</param>
    /// <param name="cancellationToken">Stops the bootstrap.</param>
    /// <returns>The evaluation.</returns>
    /// <exception cref="ArgumentException">A column is missing or of the wrong type, a score is not finite, or a setting is invalid.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static RadiographEvaluation EvaluateWithIntervals(this BinaryClassificationCatalog catalog, IDataView data, RadiographEvaluationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var labels = data.Schema.GetColumnOrNull(options.LabelColumnName) is { Type: BooleanDataViewType }
            ? data.GetColumn<bool>(options.LabelColumnName).ToList()
            : throw new ArgumentException($"The data has no Boolean label column '{options.LabelColumnName}'.", nameof(data));
        var scores = data.Schema.GetColumnOrNull(options.ScoreColumnName)?.Type switch
        {
            NumberDataViewType type when type == NumberDataViewType.Single => data.GetColumn<float>(options.ScoreColumnName).Select(s => (double)s).ToList(),
            NumberDataViewType type when type == NumberDataViewType.Double => data.GetColumn<double>(options.ScoreColumnName).ToList(),
            _ => throw new ArgumentException($"The data has no Single or Double score column '{options.ScoreColumnName}'.", nameof(data)),
        };

        var report = RocStatistics.Evaluate(labels, scores, options.Level, options.Bootstrap, cancellationToken);
        var curve = RocCurve.Compute(labels, scores);
        var warnings = new List<string>(report.Warnings);
        OperatingPoint point;
        if (options.Threshold is { } fixedThreshold)
        {
            point = ThresholdSelector.Fixed(curve, fixedThreshold);
        }
        else
        {
            point = ThresholdSelector.Youden(curve);
            warnings.Add("The threshold was chosen (Youden) on the data it is evaluated on; the figures at it are optimistic. Pass the model's threshold.");
        }

        var calibration = scores.All(s => s is >= 0 and <= 1) ? Statistics.Calibration.Compute(labels, scores, options.CalibrationBins) : null;
        return new RadiographEvaluation(report, curve, point, ConfusionMetrics.At(labels, scores, point.Threshold, options.Level), calibration, warnings);
    }
}
