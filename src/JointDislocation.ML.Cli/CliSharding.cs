using System.Globalization;
using System.Security.Cryptography;
using JointDislocation.ML.Backbones;
using JointDislocation.ML.Data;
using JointDislocation.ML.Evaluation;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Cli;

/// <summary>
/// <c>--shard I/N</c> and <c>--shard auto --shard-count N</c>: which shard this task is, the run's plan, and one
/// shard's scoring (docs/scale-out.md).
/// </summary>
internal static class CliSharding
{
    /// <summary>Where array jobs put a task's index: Slurm, Kubernetes Indexed Jobs, AWS Batch (first set wins).</summary>
    public static readonly string[] IndexVariables = ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX"];

    public static DataShard? Resolve(CliEnvironment environment, string? shard, int? count)
    {
        if (shard is null)
        {
            return count is null ? null : throw new UsageException("--shard-count needs --shard auto (or give --shard I/N).");
        }

        if (string.Equals(shard, "auto", StringComparison.OrdinalIgnoreCase))
        {
            if (count is null)
            {
                throw new UsageException("--shard auto needs --shard-count N: the count is never taken from the environment, since an index resubmitted alone runs in an array of one.");
            }

            foreach (var name in IndexVariables)
            {
                var value = environment.Variable(name);
                if (string.IsNullOrWhiteSpace(value))
                {
                    continue;
                }

                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    throw new UsageException($"--shard auto: {name}='{value}' is not a task index.");
                }

                return CliParsing.Parse(() => DataShard.Create(index, count.Value), $"--shard auto ({name}={value}, --shard-count {count})");
            }

            throw new UsageException($"--shard auto: none of {string.Join(", ", IndexVariables)} is set; this is not an array task. Give --shard I/N.");
        }

        var parsed = CliParsing.Parse(() => DataShard.Parse(shard), "--shard");
        if (count is { } given && given != parsed.Count)
        {
            throw new UsageException($"--shard {shard} and --shard-count {given} disagree.");
        }

        return parsed;
    }

    public static string FileSha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static ShardPlan Plan(string command, DataShard shard, string modelPath, RadiographDataset dataset, IReadOnlyDictionary<string, string> settings) =>
        new(command, shard.Count, FileSha256(modelPath), dataset.ListingFingerprint, dataset.ListingCount, dataset.ListingRoot, settings);

    /// <summary>Scores one shard of a <c>score</c> or <c>evaluate</c> run and publishes it; a shard already published is left alone.</summary>
    public static async Task<int> RunScoringShardAsync(
        CliEnvironment environment, string output, ShardPlan plan, DataShard shard, DislocationModel model, RadiographDataset dataset, bool strict, FeatureCache? cache, CancellationToken cancellationToken)
    {
        ShardStore.Agree(output, plan);
        var folder = ShardStore.ShardFolder(output, shard);
        if (ShardStore.IsDone(output, shard))
        {
            PrintShard(environment, shard, folder, alreadyDone: true, null, null, null);
            return ExitCodes.Success;
        }

        var (images, skipped) = await CliProgress.RunAsync(environment, progress => ModelEvaluator.ScoreAsync(
            model, dataset.Records, cache, strict, null,
            progress is null ? null : new ForwardingProgress<(int Completed, int Total)>(p => progress.Report(("score", p.Completed, p.Total))),
            cancellationToken));
        var copies = plan.Command == "evaluate" ? ModelEvaluator.CopiesOfTraining(model.Manifest.TrainingImages, images) : [];
        var (published, fresh) = ShardedScores.WriteShard(output, plan, shard, images, dataset.Skipped, skipped, copies);
        CliWarnings.MissingDcmtk(environment, dataset.Skipped.Concat(skipped).ToList());
        PrintShard(environment, shard, published, alreadyDone: !fresh, images.Count, dataset.Skipped.Count + skipped.Count, cache);
        return ExitCodes.Success;
    }

    public static FeatureCache? OpenCache(string? folder) => folder is null ? null : new FeatureCache(folder, FeatureCacheLayout.Pack);

    /// <summary>Writes <c>cache: {hits, misses, damaged}</c> when a cache was used.</summary>
    public static void CacheStatistics(System.Text.Json.Utf8JsonWriter json, FeatureCache? cache)
    {
        if (cache is null)
        {
            return;
        }

        json.WriteStartObject("cache");
        json.WriteNumber("hits", cache.Hits);
        json.WriteNumber("misses", cache.Misses);
        json.WriteNumber("damaged", cache.Damaged);
        json.WriteEndObject();
    }

    /// <summary>Prints a shard's one-line summary: <c>shard</c>, <c>alreadyDone</c>, <c>n</c> and <c>skipped</c> when known, <c>folder</c>, and the cache statistics when a cache was used.</summary>
    public static void PrintShard(CliEnvironment environment, DataShard shard, string folder, bool alreadyDone, int? records, int? skipped, FeatureCache? cache) =>
        environment.Out.WriteLine(CliJson.Build(json =>
        {
            json.WriteStartObject();
            json.WriteString("shard", shard.ToString());
            json.WriteBoolean("alreadyDone", alreadyDone);
            if (records is { } n)
            {
                json.WriteNumber("n", n);
            }

            if (skipped is { } s)
            {
                json.WriteNumber("skipped", s);
            }

            json.WriteString("folder", folder);
            CacheStatistics(json, cache);
            json.WriteEndObject();
        }));
}
