using System.CommandLine;
using JointDislocation.ML.Backbones;
using JointDislocation.ML.Data;
using JointDislocation.ML.Evaluation;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Cli.Commands;

/// <summary><c>jdml score</c>: scores images without labels (an archive), in one process or as one shard of an array job.</summary>
internal static class ScoreCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var model = CommonOptions.Model();
        var data = new Option<string>("--data") { Description = "A folder of images (read recursively; labels not needed) or a CSV manifest with a path column.", Required = true };
        var output = CommonOptions.Out("Folder to write scores.csv and skipped.csv into (or, with --shard, OUT/shards/I-of-N).");
        var strict = CommonOptions.Strict();
        var dicomSelect = CommonOptions.DicomSelect();
        var shard = CommonOptions.Shard();
        var shardCount = CommonOptions.ShardCount();
        var cache = CommonOptions.Cache();

        var command = new Command("score", "Score images without labels: the model's probability and call for each.")
        {
            model, data, output, strict, dicomSelect, shard, shardCount, cache,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            environment,
            parseResult.GetRequiredValue(model),
            parseResult.GetRequiredValue(data),
            parseResult.GetRequiredValue(output),
            parseResult.GetValue(strict),
            parseResult.GetValue(dicomSelect) ?? [],
            CliSharding.Resolve(environment, parseResult.GetValue(shard), parseResult.GetValue(shardCount)),
            parseResult.GetValue(cache),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliEnvironment environment, string modelPath, string dataPath, string output, bool strict, string[] dicomSelect, DataShard? shard, string? cacheFolder, CancellationToken cancellationToken)
    {
        var model = DislocationModel.Load(modelPath);
        var dataset = CliParsing.LoadDataset(dataPath, model.Manifest.Joint, model.Manifest.PositiveLabel, model.Manifest.NegativeLabel, strict, dicomSelect, unlabelled: true, shard: shard);
        CliWarnings.Dataset(environment, dataset);
        var cache = CliSharding.OpenCache(cacheFolder);
        if (shard is { } part)
        {
            var plan = CliSharding.Plan("score", part, modelPath, dataset, new Dictionary<string, string> { ["strict"] = strict ? "true" : "false" });
            return await CliSharding.RunScoringShardAsync(environment, output, plan, part, model, dataset, strict, cache, cancellationToken);
        }

        var (images, skipped) = await CliProgress.RunAsync(environment, progress => ModelEvaluator.ScoreAsync(
            model, dataset.Records, cache, strict, null,
            progress is null ? null : new ForwardingProgress<(int Completed, int Total)>(p => progress.Report(("score", p.Completed, p.Total))),
            cancellationToken));
        return Write(environment, output, images, dataset.Skipped.Concat(skipped).ToList(), cache);
    }

    /// <summary>Writes scores.csv and skipped.csv and prints the summary: the one ending of a single run and of a merge.</summary>
    internal static int Write(CliEnvironment environment, string output, IReadOnlyList<ScoredImage> images, IReadOnlyList<SkippedFile> skipped, FeatureCache? cache = null)
    {
        var scores = EvaluationWriter.WritePredictions(output, images, skipped);
        CliWarnings.MissingDcmtk(environment, skipped);
        environment.Out.WriteLine(CliJson.Build(json =>
        {
            json.WriteStartObject();
            json.WriteNumber("n", images.Count);
            json.WriteNumber("positive", images.Count(i => i.Prediction.IsPositive));
            json.WriteNumber("skipped", skipped.Count);
            json.WriteString("scores", scores);
            json.WriteString("skippedCsv", Path.GetFullPath(Path.Combine(output, EvaluationWriter.SkippedFileName)));
            CliSharding.CacheStatistics(json, cache);
            json.WriteEndObject();
        }));
        return ExitCodes.Success;
    }
}
