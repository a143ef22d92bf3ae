using System.CommandLine;
using System.Globalization;
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
        var dicomSelect = CommonOptions.DicomSelect();
        var shard = CommonOptions.Shard();
        var shardCount = CommonOptions.ShardCount();
        var cache = CommonOptions.Cache();

        var command = new Command("evaluate", "Score a test set and report AUROC with DeLong (and bootstrap) intervals.")
        {
            model, data, output, bootstrap, strict, dicomSelect, shard, shardCount, cache,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            environment,
            parseResult.GetRequiredValue(model),
            parseResult.GetRequiredValue(data),
            parseResult.GetRequiredValue(output),
            parseResult.GetValue(bootstrap),
            parseResult.GetValue(strict),
            parseResult.GetValue(dicomSelect) ?? [],
            CliSharding.Resolve(environment, parseResult.GetValue(shard), parseResult.GetValue(shardCount)),
            parseResult.GetValue(cache),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliEnvironment environment, string modelPath, string dataPath, string output, int? replicates, bool strict, string[] dicomSelect, DataShard? shard, string? cacheFolder, CancellationToken cancellationToken)
    {
        if (replicates is < 1)
        {
            throw new UsageException($"--bootstrap must be at least 1 (was {replicates}).");
        }

        var model = DislocationModel.Load(modelPath);
        var joint = model.Manifest.Joint;
        var dataset = LoadForModel(dataPath, model, joint, strict, dicomSelect, shard);
        CliWarnings.Dataset(environment, dataset);
        var bootstrap = replicates is null ? null : new BootstrapOptions { Replicates = replicates.Value, Seed = model.Manifest.Seed };
        var title = $"{model.Manifest.Joint?.ToName() ?? "model"}: {model.Manifest.Head.ToName()}+{model.Manifest.Augmentation}";
        if (shard is { } part)
        {
            // Everything the merge needs to write what one process would have written, without the model.
            var settings = new Dictionary<string, string>
            {
                ["strict"] = strict ? "true" : "false",
                ["bootstrapReplicates"] = bootstrap?.Replicates.ToString(CultureInfo.InvariantCulture) ?? "none",
                ["bootstrapSeed"] = (bootstrap?.Seed ?? 0).ToString(CultureInfo.InvariantCulture),
                ["threshold"] = model.Threshold.ToString("R", CultureInfo.InvariantCulture),
                ["leakageChecked"] = model.Manifest.TrainingFingerprintsOmitted ? "false" : "true",
                ["title"] = title,
            };
            var plan = CliSharding.Plan("evaluate", part, modelPath, dataset, settings);
            return await CliSharding.RunScoringShardAsync(environment, output, plan, part, model, dataset, strict, CliSharding.OpenCache(cacheFolder), cancellationToken);
        }

        var evaluation = await CliProgress.RunAsync(environment, progress => ModelEvaluator.EvaluateAsync(
            model, dataset.Records, CliSharding.OpenCache(cacheFolder), bootstrap, strict, progress: progress is null ? null : new ForwardingProgress<(int Completed, int Total)>(p => progress.Report(("score", p.Completed, p.Total))),
            cancellationToken: cancellationToken));

        return await WriteAsync(environment, output, title, evaluation, dataset.Skipped);
    }

    /// <summary>Writes roc.png, then roc.csv, scores.csv and metrics.json, and prints the summary: the one ending of a single run and of a merge.</summary>
    internal static async Task<int> WriteAsync(CliEnvironment environment, string output, string title, ModelEvaluation evaluation, IReadOnlyList<SkippedFile> skippedWhileLoading)
    {
        var skipped = skippedWhileLoading.Concat(evaluation.Skipped).ToList();
        if (!evaluation.LeakageChecked)
        {
            await environment.Error.WriteLineAsync("jdml: warning: " + ModelEvaluation.LeakageNotCheckedWarning);
        }

        CliWarnings.MissingDcmtk(environment, skipped);
        AtomicFile.WriteAllBytes(Path.Combine(output, "roc.png"), RocPlot.RenderPng(
            title,
            [new RocPlotSeries(
                string.Create(CultureInfo.InvariantCulture, $"AUROC {evaluation.Report.Auroc:0.000} ({evaluation.Report.DeLong.Interval.Lower:0.000}–{evaluation.Report.DeLong.Interval.Upper:0.000}), n = {evaluation.Report.Count}"),
                evaluation.Curve.Points.Select(p => p.FalsePositiveRate).ToList(),
                evaluation.Curve.Points.Select(p => p.TruePositiveRate).ToList(),
                (1 - evaluation.AtThreshold.Specificity.Estimate, evaluation.AtThreshold.Sensitivity.Estimate))]));

        // metrics.json last, as before: its presence says the run finished.
        var metrics = EvaluationWriter.Write(output, evaluation, skippedWhileLoading);
        environment.Out.WriteLine(CliJson.Build(json =>
        {
            json.WriteStartObject();
            json.WriteNumber("n", evaluation.Report.Count);
            CliJson.Number(json, "auroc", evaluation.Report.Auroc);
            CliJson.Number(json, "lower", evaluation.Report.DeLong.Interval.Lower);
            CliJson.Number(json, "upper", evaluation.Report.DeLong.Interval.Upper);
            json.WriteNumber("skipped", skipped.Count);
            json.WriteNumber("duplicatesOfTraining", evaluation.DuplicatesOfTraining.Count);
            json.WriteBoolean("leakageChecked", evaluation.LeakageChecked);
            json.WriteString("metrics", metrics);
            json.WriteEndObject();
        }));
        return ExitCodes.Success;
    }

    /// <summary>
    /// Loads the test set with the model's label names and its joint: a multi-joint folder or manifest gives that
    /// joint's images; a single-joint layout (root/&lt;label&gt;/*) is taken as that joint by the loader itself.
    /// </summary>
    internal static RadiographDataset LoadForModel(string dataPath, DislocationModel model, Joint? joint, bool strict, IReadOnlyList<string> dicomSelect, DataShard? shard = null) =>
        CliParsing.LoadDataset(dataPath, joint, model.Manifest.PositiveLabel, model.Manifest.NegativeLabel, strict, dicomSelect, shard: shard);
}
