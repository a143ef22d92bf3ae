using System.CommandLine;
using JointDislocation.ML.Data;
using JointDislocation.ML.Saliency;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Cli.Commands;

/// <summary><c>jdml explain</c>: saliency maps and saliency scores for a data set.</summary>
internal static class ExplainCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var model = CommonOptions.Model();
        var data = CommonOptions.Data();
        var output = CommonOptions.Out("Folder to write overlays and saliency.csv into.");
        var method = new Option<string>("--method") { Description = "cam (class activation map, linear heads) or occlusion (any head).", DefaultValueFactory = _ => "cam" };
        method.AcceptOnlyFromAmong("cam", "occlusion");
        var strict = CommonOptions.Strict();
        var dicomSelect = CommonOptions.DicomSelect();
        var shard = CommonOptions.Shard();
        var shardCount = CommonOptions.ShardCount();

        var command = new Command("explain", "Write saliency overlays and saliency scores (pointing game, ROI energy).")
        {
            model, data, output, method, strict, dicomSelect, shard, shardCount,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            environment,
            parseResult.GetRequiredValue(model),
            parseResult.GetRequiredValue(data),
            parseResult.GetRequiredValue(output),
            parseResult.GetRequiredValue(method) == "occlusion" ? SaliencyMethod.Occlusion : SaliencyMethod.Cam,
            parseResult.GetValue(strict),
            parseResult.GetValue(dicomSelect) ?? [],
            CliSharding.Resolve(environment, parseResult.GetValue(shard), parseResult.GetValue(shardCount)),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliEnvironment environment, string modelPath, string dataPath, string output, SaliencyMethod method, bool strict, string[] dicomSelect, DataShard? shard, CancellationToken cancellationToken)
    {
        var model = DislocationModel.Load(modelPath);
        if (method == SaliencyMethod.Cam && model.Head.Linear is null)
        {
            throw new UsageException($"--method cam needs a linear head (logreg, sdca, svm); this model's head is '{model.Manifest.Head.ToName()}'. Use --method occlusion.");
        }

        var joint = model.Manifest.Joint;
        var dataset = EvaluateCommand.LoadForModel(dataPath, model, joint, strict, dicomSelect, shard);
        CliWarnings.Dataset(environment, dataset);
        if (shard is { } part)
        {
            return await RunShardAsync(environment, modelPath, output, model, dataset, method, strict, part, cancellationToken);
        }

        // Overlays go to a hidden staging folder that becomes DIR/overlays only when every image is done: a strict
        // run that stops at a bad file, or a cancelled one, leaves no half set of overlays behind.
        var overlays = Path.Combine(output, "overlays");
        var staging = Path.Combine(output, $".overlays.{Guid.NewGuid():N}.tmp");
        ExplainResult result;
        try
        {
            result = await CliProgress.RunAsync(environment, progress => ModelExplainer.ExplainAsync(
                model, dataset.Records, method, staging, strict,
                progress is null ? null : new ForwardingProgress<(int Completed, int Total)>(p => progress.Report(("explain", p.Completed, p.Total))),
                cancellationToken));
        }
        catch
        {
            DeleteFolder(staging);
            throw;
        }

        DeleteFolder(overlays);
        if (Directory.Exists(staging))
        {
            Directory.Move(staging, overlays);
        }

        SaliencyCsvWriter.Write(Path.Combine(output, ShardedSaliency.SaliencyFileName), result.CsvRows);
        var skipped = dataset.Skipped.Concat(result.Skipped).ToList();
        PrintSummary(environment, output, SaliencyCsvWriter.MethodName(method), result.Summary, skipped);
        return ExitCodes.Success;
    }

    private static async Task<int> RunShardAsync(
        CliEnvironment environment, string modelPath, string output, DislocationModel model, RadiographDataset dataset, SaliencyMethod method, bool strict, DataShard shard, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string> { ["method"] = SaliencyCsvWriter.MethodName(method), ["strict"] = strict ? "true" : "false" };
        var plan = CliSharding.Plan("explain", shard, modelPath, dataset, settings);
        ShardStore.Agree(output, plan);
        if (ShardStore.IsDone(output, shard))
        {
            CliSharding.PrintShard(environment, shard, ShardStore.ShardFolder(output, shard), alreadyDone: true, null, null, cache: null);
            return ExitCodes.Success;
        }

        var staging = Path.Combine(ShardStore.Folder(output), $".overlays-{shard.Name}.{Guid.NewGuid():N}.tmp");
        try
        {
            var result = await CliProgress.RunAsync(environment, progress => ModelExplainer.ExplainAsync(
                model, dataset.Records, method, staging, strict,
                progress is null ? null : new ForwardingProgress<(int Completed, int Total)>(p => progress.Report(("explain", p.Completed, p.Total))),
                cancellationToken));
            var (folder, fresh) = ShardedSaliency.WriteShard(output, plan, shard, dataset.Records, result, dataset.Skipped, staging);
            var skipped = dataset.Skipped.Concat(result.Skipped).ToList();
            CliWarnings.MissingDcmtk(environment, skipped);
            CliSharding.PrintShard(environment, shard, folder, alreadyDone: !fresh, result.Images.Count, skipped.Count, cache: null);
            return ExitCodes.Success;
        }
        finally
        {
            DeleteFolder(staging);
        }
    }

    /// <summary>What a merge of explain shards prints: what one process prints for the same run.</summary>
    internal static int PrintMerged(CliEnvironment environment, string output, MergedSaliency merged)
    {
        PrintSummary(environment, output, merged.Plan.Settings.GetValueOrDefault("method") ?? string.Empty, merged.Summary, merged.Skipped);
        return ExitCodes.Success;
    }

    // The one JSON object explain prints, whole or merged from shards (docs/cli.md).
    private static void PrintSummary(CliEnvironment environment, string output, string method, SaliencyScoreSummary summary, IReadOnlyList<SkippedFile> skipped)
    {
        CliWarnings.MissingDcmtk(environment, skipped);
        environment.Out.WriteLine(CliJson.Build(json =>
        {
            json.WriteStartObject();
            json.WriteString("method", method);
            json.WriteNumber("images", summary.Count);
            json.WriteNumber("withRoi", summary.RoiCount);
            CliJson.Number(json, "hitRate", summary.HitRate ?? double.NaN);
            CliJson.Number(json, "hitRateLower", summary.HitRateInterval?.Lower ?? double.NaN);
            CliJson.Number(json, "hitRateUpper", summary.HitRateInterval?.Upper ?? double.NaN);
            CliJson.Number(json, "meanRoiEnergy", summary.MeanRoiEnergy ?? double.NaN);
            CliJson.Number(json, "meanRoiAreaShare", summary.MeanRoiAreaShare ?? double.NaN);
            CliJson.Number(json, "meanArtifactEnergy", summary.MeanArtifactEnergy ?? double.NaN);
            json.WriteNumber("shortcuts", summary.ShortcutCount);
            json.WriteStartArray("warnings");
            foreach (var warning in summary.Warnings)
            {
                json.WriteStringValue(warning);
            }

            json.WriteEndArray();
            CliJson.Skipped(json, skipped);
            json.WriteString("csv", Path.GetFullPath(Path.Combine(output, ShardedSaliency.SaliencyFileName)));
            json.WriteEndObject();
        }));
    }

    private static void DeleteFolder(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
