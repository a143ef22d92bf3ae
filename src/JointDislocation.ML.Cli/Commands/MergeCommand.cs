using System.CommandLine;
using System.Globalization;
using JointDislocation.ML.Data;
using JointDislocation.ML.Evaluation;
using JointDislocation.ML.Saliency;
using JointDislocation.ML.Statistics;

namespace JointDislocation.ML.Cli.Commands;

/// <summary><c>jdml merge</c>: joins the shards of a <c>score</c> or <c>evaluate</c> array job into what one process would have written.</summary>
internal static class MergeCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var output = CommonOptions.Out("The array job's output folder (its shards are in OUT/shards/); the merged files are written there.");
        var command = new Command("merge", "Join the shards of a sharded score, evaluate or explain run (OUT/shards/*) into its outputs; exit 2 naming a missing, duplicated or foreign shard.")
        {
            output,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(environment, parseResult.GetRequiredValue(output), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliEnvironment environment, string output, CancellationToken cancellationToken)
    {
        var planPath = Path.Combine(ShardStore.Folder(output), ShardPlan.FileName);
        if (ShardPlan.Read(planPath).Command == "explain")
        {
            return ExplainCommand.PrintMerged(environment, output, ShardedSaliency.Merge(output));
        }

        var merged = ShardedScores.Merge(output);
        var plan = merged.Plan;
        switch (plan.Command)
        {
            case "score":
                return ScoreCommand.Write(environment, output, merged.Images, merged.SkippedWhileLoading.Concat(merged.SkippedWhileScoring).ToList());
            case "evaluate":
                var settings = plan.Settings;
                string Setting(string name) => settings.TryGetValue(name, out var value)
                    ? value
                    : throw new InvalidInputException(Path.Combine(output, "shards", "plan.json"), null, $"the plan lacks the setting '{name}'.");
                var bootstrap = Setting("bootstrapReplicates") == "none"
                    ? null
                    : new BootstrapOptions
                    {
                        Replicates = int.Parse(Setting("bootstrapReplicates"), CultureInfo.InvariantCulture),
                        Seed = int.Parse(Setting("bootstrapSeed"), CultureInfo.InvariantCulture),
                    };
                var evaluation = ModelEvaluator.Summarize(
                    merged.Images,
                    merged.SkippedWhileScoring,
                    double.Parse(Setting("threshold"), CultureInfo.InvariantCulture),
                    merged.DuplicatesOfTraining,
                    Setting("leakageChecked") == "true",
                    bootstrap,
                    cancellationToken: cancellationToken);
                return await EvaluateCommand.WriteAsync(environment, output, Setting("title"), evaluation, merged.SkippedWhileLoading);
            default:
                throw new InvalidInputException(Path.Combine(output, "shards", "plan.json"), null, $"shards of '{plan.Command}' cannot be merged by this version.");
        }
    }
}
