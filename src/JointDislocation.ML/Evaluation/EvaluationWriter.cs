using System.Text.Json;
using JointDislocation.ML.Data;
using JointDislocation.ML.Statistics;

namespace JointDislocation.ML.Evaluation;

/// <summary>
/// Writes what <c>jdml evaluate</c> writes beside its plot: <c>metrics.json</c>, <c>scores.csv</c> and
/// <c>roc.csv</c> (docs/cli.md), each atomically, so a library user, a test or a sample can produce the same files.
/// </summary>
/// <remarks>
/// JSON follows <see cref="JsonConventions"/> (camelCase, a number that is not finite as <c>null</c>); CSV goes
/// through the library's one CSV writer (RFC 4180 quoting, invariant culture, shortest round-trip numbers, <c>\n</c>
/// line ends). Text is UTF-8 without a byte-order mark. An <see cref="EvaluationReport"/> is written with one schema
/// wherever it appears (<see cref="WriteReport"/>): in <c>metrics.json</c>, in <c>jdml roc</c>'s output and in
/// <c>results.json</c>.
/// </remarks>
public static class EvaluationWriter
{
    /// <summary>The metrics file's name.</summary>
    public const string MetricsFileName = "metrics.json";

    /// <summary>The per-image scores file's name.</summary>
    public const string ScoresFileName = "scores.csv";

    /// <summary>The ROC curve file's name.</summary>
    public const string RocFileName = "roc.csv";

    /// <summary>The header of <c>scores.csv</c>, without its line end.</summary>
    public const string ScoresHeader = "path,label,probability,rawScore,predicted";

    /// <summary>The header of <c>jdml score</c>'s <c>scores.csv</c> (images without labels), without its line end.</summary>
    public const string PredictionsHeader = "path,probability,label,threshold";

    /// <summary>The skipped files' table of <c>jdml score</c>.</summary>
    public const string SkippedFileName = "skipped.csv";

    /// <summary>The header of <c>skipped.csv</c>, without its line end.</summary>
    public const string SkippedHeader = "path,reason";

    /// <summary>The header of <c>roc.csv</c>, without its line end.</summary>
    public const string RocHeader = "threshold,falsePositiveRate,truePositiveRate";

    /// <summary>Writes <c>metrics.json</c>, <c>scores.csv</c> and <c>roc.csv</c> into a folder, creating it.</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="evaluation">The evaluation.</param>
    /// <param name="skippedWhileLoading">Files skipped before scoring (by the loader); listed first in
    /// <c>skipped</c>, before <see cref="ModelEvaluation.Skipped"/>.</param>
    /// <returns>The full path of <c>metrics.json</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="evaluation"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is null or empty.</exception>
    /// <exception cref="IOException">A file could not be written.</exception>
    public static string Write(string directory, ModelEvaluation evaluation, IEnumerable<SkippedFile>? skippedWhileLoading = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(evaluation);
        Directory.CreateDirectory(directory);
        AtomicFile.WriteAllText(Path.Combine(directory, ScoresFileName), FormatScores(evaluation));
        AtomicFile.WriteAllText(Path.Combine(directory, RocFileName), FormatRoc(evaluation.Curve));
        var metrics = Path.GetFullPath(Path.Combine(directory, MetricsFileName));
        AtomicFile.WriteAllText(metrics, FormatMetrics(evaluation, skippedWhileLoading));
        return metrics;
    }

    /// <summary>
    /// The text of <c>metrics.json</c> (indented, with a final line break): the report's fields
    /// (<see cref="WriteReport"/>), the figures at the model's threshold with Wilson intervals, calibration, the
    /// confusion counts, <c>skipped</c>, <c>leakageChecked</c>, <c>duplicatesOfTraining</c> and <c>warnings</c>.
    /// </summary>
    /// <param name="evaluation">The evaluation.</param>
    /// <param name="skippedWhileLoading">Files skipped before scoring, listed first.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="evaluation"/> is null.</exception>
    public static string FormatMetrics(ModelEvaluation evaluation, IEnumerable<SkippedFile>? skippedWhileLoading = null)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var skipped = (skippedWhileLoading ?? []).Concat(evaluation.Skipped).ToList();
        return JsonConventions.Write(json =>
        {
            var report = evaluation.Report;
            var at = evaluation.AtThreshold;
            json.WriteStartObject();
            WriteReport(json, report);
            JsonConventions.WriteNumber(json, "threshold", at.Threshold);
            JsonConventions.WriteNumber(json, "sensitivity", at.Sensitivity.Estimate);
            JsonConventions.WriteNumber(json, "specificity", at.Specificity.Estimate);
            JsonConventions.WriteNumber(json, "ppv", at.PositivePredictiveValue.Estimate);
            JsonConventions.WriteNumber(json, "npv", at.NegativePredictiveValue.Estimate);
            JsonConventions.WriteNumber(json, "accuracy", at.Accuracy.Estimate);
            JsonConventions.WriteNumber(json, "f1", at.F1.Estimate);
            JsonConventions.WriteNumber(json, "brier", evaluation.Calibration.BrierScore);
            JsonConventions.WriteNumber(json, "ece", evaluation.Calibration.ExpectedCalibrationError);
            json.WriteStartObject("intervals");
            foreach (var (name, proportion) in new[]
            {
                ("sensitivity", at.Sensitivity), ("specificity", at.Specificity), ("ppv", at.PositivePredictiveValue),
                ("npv", at.NegativePredictiveValue), ("accuracy", at.Accuracy), ("f1", at.F1),
            })
            {
                json.WriteStartObject(name);
                JsonConventions.WriteNumber(json, "lower", proportion.Interval.Lower);
                JsonConventions.WriteNumber(json, "upper", proportion.Interval.Upper);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteStartObject("confusion");
            json.WriteNumber("truePositives", at.TruePositives);
            json.WriteNumber("falsePositives", at.FalsePositives);
            json.WriteNumber("trueNegatives", at.TrueNegatives);
            json.WriteNumber("falseNegatives", at.FalseNegatives);
            json.WriteEndObject();
            WriteSkipped(json, skipped);
            json.WriteBoolean("leakageChecked", evaluation.LeakageChecked);
            json.WriteStartArray("duplicatesOfTraining");
            foreach (var path in evaluation.DuplicatesOfTraining)
            {
                json.WriteStringValue(path);
            }

            json.WriteEndArray();
            json.WriteStartArray("warnings");
            foreach (var warning in report.Warnings)
            {
                json.WriteStringValue(warning);
            }

            if (!evaluation.LeakageChecked)
            {
                json.WriteStringValue(ModelEvaluation.LeakageNotCheckedWarning);
            }

            if (evaluation.DuplicatesOfTraining.Count > 0)
            {
                json.WriteStringValue($"{evaluation.DuplicatesOfTraining.Count} test image(s) are copies of training images; the figures above are optimistic.");
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }, indented: true) + "\n";
    }

    /// <summary>The text of <c>scores.csv</c>: <c>path,label,probability,rawScore,predicted</c>, one row per image in input order.</summary>
    /// <param name="evaluation">The evaluation.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="evaluation"/> is null.</exception>
    public static string FormatScores(ModelEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var csv = new CsvWriter(ScoresHeader.Split(','));
        foreach (var image in evaluation.Images)
        {
            csv.Field(image.Record.Path)
                .Field(image.Record.Label)
                .Number(image.Prediction.Probability)
                .Number(image.Prediction.RawScore)
                .Field(image.Prediction.Label)
                .EndRow();
        }

        return csv.ToString();
    }

    /// <summary>
    /// Writes what <c>jdml score</c> writes for images without labels: <c>scores.csv</c>
    /// (<c>path,probability,label,threshold</c>, input order; <c>label</c> is the model's call) and <c>skipped.csv</c>
    /// (<c>path,reason</c>: the loader's skipped files first, then those that could not be decoded), each atomically.
    /// </summary>
    /// <param name="directory">The folder, created if needed.</param>
    /// <param name="images">The scored images, in input order.</param>
    /// <param name="skipped">The skipped files, in the order to list them.</param>
    /// <returns>The full path of <c>scores.csv</c>.</returns>
    /// <exception cref="ArgumentNullException">A list is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is null or empty.</exception>
    /// <exception cref="IOException">A file could not be written.</exception>
    public static string WritePredictions(string directory, IEnumerable<ScoredImage> images, IEnumerable<SkippedFile> skipped)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(skipped);
        Directory.CreateDirectory(directory);
        var csv = new CsvWriter(SkippedHeader.Split(','));
        foreach (var file in skipped)
        {
            csv.Field(file.Path).Field(file.Reason).EndRow();
        }

        AtomicFile.WriteAllText(Path.Combine(directory, SkippedFileName), csv.ToString());
        var scores = Path.GetFullPath(Path.Combine(directory, ScoresFileName));
        AtomicFile.WriteAllText(scores, FormatPredictions(images));
        return scores;
    }

    /// <summary>The text of <c>jdml score</c>'s <c>scores.csv</c>: <c>path,probability,label,threshold</c>, one row per image in input order.</summary>
    /// <param name="images">The scored images.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="images"/> is null.</exception>
    public static string FormatPredictions(IEnumerable<ScoredImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var csv = new CsvWriter(PredictionsHeader.Split(','));
        foreach (var image in images)
        {
            csv.Field(image.Record.Path).Number(image.Prediction.Probability).Field(image.Prediction.Label).Number(image.Prediction.Threshold).EndRow();
        }

        return csv.ToString();
    }

    /// <summary>The text of <c>roc.csv</c>: <c>threshold,falsePositiveRate,truePositiveRate</c>, the first threshold <c>inf</c>.</summary>
    /// <param name="curve">The ROC curve.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="curve"/> is null.</exception>
    public static string FormatRoc(RocCurve curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var csv = new CsvWriter(RocHeader.Split(','));
        foreach (var point in curve.Points)
        {
            csv.Number(point.Threshold).Number(point.FalsePositiveRate).Number(point.TruePositiveRate).EndRow();
        }

        return csv.ToString();
    }

    /// <summary>
    /// Writes an <see cref="EvaluationReport"/> as properties of the object being written, the one schema it has
    /// wherever it appears: <c>n, positives, negatives, auroc, delong{se, lower, upper}</c> and
    /// <c>bootstrap{lower, upper, replicates, seed}</c>, or <c>bootstrap: null</c> without one. The report's warnings
    /// are left to the document, which merges them with its own.
    /// </summary>
    /// <param name="json">The writer, inside an object.</param>
    /// <param name="report">The report.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void WriteReport(Utf8JsonWriter json, EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(report);
        json.WriteNumber("n", report.Count);
        json.WriteNumber("positives", report.Positives);
        json.WriteNumber("negatives", report.Negatives);
        JsonConventions.WriteNumber(json, "auroc", report.Auroc);
        json.WriteStartObject("delong");
        JsonConventions.WriteNumber(json, "se", report.DeLong.StandardError);
        JsonConventions.WriteNumber(json, "lower", report.DeLong.Interval.Lower);
        JsonConventions.WriteNumber(json, "upper", report.DeLong.Interval.Upper);
        json.WriteEndObject();
        if (report.Bootstrap is { } bootstrap)
        {
            json.WriteStartObject("bootstrap");
            JsonConventions.WriteNumber(json, "lower", bootstrap.Interval.Lower);
            JsonConventions.WriteNumber(json, "upper", bootstrap.Interval.Upper);
            json.WriteNumber("replicates", bootstrap.Replicates);
            json.WriteNumber("seed", bootstrap.Seed);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("bootstrap");
        }
    }

    /// <summary>Writes the <c>skipped</c> array of <c>{path, reason}</c> that every output listing skipped files has.</summary>
    /// <param name="json">The writer, inside an object.</param>
    /// <param name="skipped">The skipped files.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void WriteSkipped(Utf8JsonWriter json, IEnumerable<SkippedFile> skipped)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(skipped);
        json.WriteStartArray("skipped");
        foreach (var file in skipped)
        {
            json.WriteStartObject();
            json.WriteString("path", file.Path);
            json.WriteString("reason", file.Reason);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
