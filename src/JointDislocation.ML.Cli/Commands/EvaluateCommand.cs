using System.CommandLine;
using System.Globalization;
using System.Text;
using JointDislocation.ML.Data;
using JointDislocation.ML.Evaluation;
using JointDislocation.ML.Reporting;
using JointDislocation.ML.Statistics;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Cli.Commands;

/// <summary><c>jdml evaluate</c>: scores a test set with a trained model and reports metrics with intervals.</summary>
internal static class EvaluateCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var model = CommonOptions.Model();
        var data = CommonOptions.Data();
        var output = CommonOptions.Out("Folder to write metrics.json, scores.csv, roc.csv and roc.png into.");
        var bootstrap = CommonOptions.Bootstrap();
        var strict = CommonOptions.Strict();

        var command = new Command("evaluate", "Score a test set and report AUROC with DeLong (and bootstrap) intervals.")
        {
            model, data, output, bootstrap, strict,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            environment,
            parseResult.GetRequiredValue(model),
            parseResult.GetRequiredValue(data),
            parseResult.GetRequiredValue(output),
            parseResult.GetValue(bootstrap),
            parseResult.GetValue(strict),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliEnvironment environment, string modelPath, string dataPath, string output, int? replicates, bool strict, CancellationToken cancellationToken)
    {
        if (replicates is < 1)
        {
            throw new UsageException($"--bootstrap must be at least 1 (was {replicates}).");
        }

        var model = DislocationModel.Load(modelPath);
        var joint = model.Manifest.Joint;
        var dataset = LoadForModel(dataPath, model, joint, strict);
        var bootstrap = replicates is null ? null : new BootstrapOptions { Replicates = replicates.Value, Seed = model.Manifest.Seed };
        var evaluation = await CliProgress.RunAsync(environment, progress => ModelEvaluator.EvaluateAsync(
            model, dataset.Records, bootstrap, strict, progress: progress is null ? null : new ForwardingProgress<(int Completed, int Total)>(p => progress.Report(("score", p.Completed, p.Total))),
            cancellationToken: cancellationToken));

        var skipped = dataset.Skipped.Concat(evaluation.Skipped).ToList();
        Directory.CreateDirectory(output);
        AtomicFile.WriteAllText(Path.Combine(output, "scores.csv"), ScoresCsv(evaluation));
        AtomicFile.WriteAllText(Path.Combine(output, "roc.csv"), RocCsv(evaluation.Curve));
        AtomicFile.WriteAllBytes(Path.Combine(output, "roc.png"), RocPlot.RenderPng(
            $"{model.Manifest.Joint?.ToName() ?? "model"}: {model.Manifest.Head.ToName()}+{model.Manifest.Augmentation}",
            [new RocPlotSeries(
                string.Create(CultureInfo.InvariantCulture, $"AUROC {evaluation.Report.Auroc:0.000} ({evaluation.Report.DeLong.Interval.Lower:0.000}–{evaluation.Report.DeLong.Interval.Upper:0.000}), n = {evaluation.Report.Count}"),
                evaluation.Curve.Points.Select(p => p.FalsePositiveRate).ToList(),
                evaluation.Curve.Points.Select(p => p.TruePositiveRate).ToList(),
                (1 - evaluation.AtThreshold.Specificity.Estimate, evaluation.AtThreshold.Sensitivity.Estimate))]));
        var metrics = MetricsJson(evaluation, skipped);
        AtomicFile.WriteAllText(Path.Combine(output, "metrics.json"), metrics + "\n");
        environment.Out.WriteLine(CliJson.Build(json =>
        {
            json.WriteStartObject();
            json.WriteNumber("n", evaluation.Report.Count);
            CliJson.Number(json, "auroc", evaluation.Report.Auroc);
            CliJson.Number(json, "lower", evaluation.Report.DeLong.Interval.Lower);
            CliJson.Number(json, "upper", evaluation.Report.DeLong.Interval.Upper);
            json.WriteNumber("skipped", skipped.Count);
            json.WriteNumber("duplicatesOfTraining", evaluation.DuplicatesOfTraining.Count);
            json.WriteString("metrics", Path.GetFullPath(Path.Combine(output, "metrics.json")));
            json.WriteEndObject();
        }));
        return ExitCodes.Success;
    }

    /// <summary>
    /// Loads the test set with the model's label names and its joint: a multi-joint folder or manifest gives that
    /// joint's images; a single-joint layout (root/&lt;label&gt;/*) is taken as that joint by the loader itself.
    /// </summary>
    internal static RadiographDataset LoadForModel(string dataPath, DislocationModel model, Joint? joint, bool strict) =>
        CliParsing.LoadDataset(dataPath, joint, model.Manifest.PositiveLabel, model.Manifest.NegativeLabel, strict);

    private static string MetricsJson(ModelEvaluation evaluation, List<SkippedFile> skipped) =>
        CliJson.Build(json =>
        {
            var report = evaluation.Report;
            var at = evaluation.AtThreshold;
            json.WriteStartObject();
            CliJson.Discrimination(json, report, bootstrapSeed: false);
            if (report.Bootstrap is null)
            {
                json.WriteNull("bootstrap");
            }

            CliJson.Number(json, "threshold", at.Threshold);
            CliJson.Number(json, "sensitivity", at.Sensitivity.Estimate);
            CliJson.Number(json, "specificity", at.Specificity.Estimate);
            CliJson.Number(json, "ppv", at.PositivePredictiveValue.Estimate);
            CliJson.Number(json, "npv", at.NegativePredictiveValue.Estimate);
            CliJson.Number(json, "accuracy", at.Accuracy.Estimate);
            CliJson.Number(json, "f1", at.F1.Estimate);
            CliJson.Number(json, "brier", evaluation.Calibration.BrierScore);
            CliJson.Number(json, "ece", evaluation.Calibration.ExpectedCalibrationError);
            json.WriteStartObject("intervals");
            foreach (var (name, proportion) in new[]
            {
                ("sensitivity", at.Sensitivity), ("specificity", at.Specificity), ("ppv", at.PositivePredictiveValue),
                ("npv", at.NegativePredictiveValue), ("accuracy", at.Accuracy), ("f1", at.F1),
            })
            {
                CliJson.Interval(json, name, proportion.Interval.Lower, proportion.Interval.Upper);
            }

            json.WriteEndObject();
            json.WriteStartObject("confusion");
            json.WriteNumber("truePositives", at.TruePositives);
            json.WriteNumber("falsePositives", at.FalsePositives);
            json.WriteNumber("trueNegatives", at.TrueNegatives);
            json.WriteNumber("falseNegatives", at.FalseNegatives);
            json.WriteEndObject();
            CliJson.Skipped(json, skipped);
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

            if (evaluation.DuplicatesOfTraining.Count > 0)
            {
                json.WriteStringValue($"{evaluation.DuplicatesOfTraining.Count} test image(s) are copies of training images; the figures above are optimistic.");
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }, indented: true);

    private static string ScoresCsv(ModelEvaluation evaluation)
    {
        var csv = new StringBuilder("path,label,probability,rawScore,predicted\n");
        foreach (var image in evaluation.Images)
        {
            csv.Append(Csv.Field(image.Record.Path)).Append(',')
                .Append(Csv.Field(image.Record.Label)).Append(',')
                .Append(image.Prediction.Probability.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(image.Prediction.RawScore.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(Csv.Field(image.Prediction.Label)).Append('\n');
        }

        return csv.ToString();
    }

    private static string RocCsv(RocCurve curve)
    {
        var csv = new StringBuilder("threshold,falsePositiveRate,truePositiveRate\n");
        foreach (var point in curve.Points)
        {
            csv.Append(double.IsPositiveInfinity(point.Threshold) ? "inf" : point.Threshold.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(point.FalsePositiveRate.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(point.TruePositiveRate.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }

        return csv.ToString();
    }
}
