using System.CommandLine;
using JointDislocation.ML.Evaluation;
using JointDislocation.ML.Statistics;

namespace JointDislocation.ML.Cli.Commands;

/// <summary><c>jdml roc</c>: ROC statistics for any scores in a CSV file.</summary>
internal static class RocCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var scores = new Option<string>("--scores") { Description = "CSV file with a header, a label column and a score column.", Required = true };
        var label = new Option<string>("--label") { Description = "Name of the label column (1/0, true/false or dislocated/located).", DefaultValueFactory = _ => "label" };
        var score = new Option<string>("--score") { Description = "Name of the score column (higher = dislocated).", DefaultValueFactory = _ => "score" };
        var compare = new Option<string?>("--compare") { Description = "A second score column: paired DeLong test against --score." };
        var bootstrap = CommonOptions.Bootstrap();
        var seed = CommonOptions.Seed();
        var level = new Option<double>("--level") { Description = "Confidence level of the intervals.", DefaultValueFactory = _ => 0.95 };

        var command = new Command("roc", "AUROC with DeLong (and bootstrap) confidence intervals for any scores; prints one JSON object.")
        {
            scores, label, score, compare, bootstrap, seed, level,
        };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Run(
            environment,
            parseResult.GetRequiredValue(scores),
            parseResult.GetRequiredValue(label),
            parseResult.GetRequiredValue(score),
            parseResult.GetValue(compare),
            parseResult.GetValue(bootstrap),
            parseResult.GetValue(seed),
            parseResult.GetValue(level),
            cancellationToken)));
        return command;
    }

    private static int Run(
        CliEnvironment environment, string path, string labelColumn, string scoreColumn, string? compareColumn, int? replicates, int seed, double level, CancellationToken cancellationToken)
    {
        if (!(level > 0 && level < 1))
        {
            throw new UsageException($"--level must lie strictly between 0 and 1 (was {level}).");
        }

        if (replicates is < 1)
        {
            throw new UsageException($"--bootstrap must be at least 1 (was {replicates}).");
        }

        var columns = compareColumn is null ? new[] { scoreColumn } : new[] { scoreColumn, compareColumn };
        var table = ScoreTable.Read(path, labelColumn, columns);
        var bootstrapOptions = replicates is null ? null : new BootstrapOptions { Replicates = replicates.Value, Seed = seed, Level = level };
        var report = RocStatistics.Evaluate(table.Labels, table.Scores(scoreColumn), level, bootstrapOptions, cancellationToken);
        var warnings = report.Warnings.ToList();
        RocComparison? comparison = null;
        if (compareColumn is not null)
        {
            var second = RocStatistics.Evaluate(table.Labels, table.Scores(compareColumn), level, cancellationToken: cancellationToken);
            warnings.AddRange(second.Warnings.Select(w => $"{compareColumn}: {w}").Where(w => !warnings.Contains(w)));
            comparison = RocStatistics.ComparePaired(table.Labels, table.Scores(scoreColumn), table.Scores(compareColumn));
        }

        environment.Out.WriteLine(ToJson(report, comparison, warnings));
        return ExitCodes.Success;
    }

    private static string ToJson(EvaluationReport report, RocComparison? comparison, List<string> warnings) =>
        CliJson.Build(json =>
        {
            json.WriteStartObject();
            EvaluationWriter.WriteReport(json, report);

            if (comparison is not null)
            {
                json.WriteStartObject("comparison");
                CliJson.Number(json, "auroc2", comparison.Auroc2);
                CliJson.Number(json, "difference", comparison.Difference);
                CliJson.Number(json, "z", comparison.Z);
                CliJson.Number(json, "pValue", comparison.PValue);
                json.WriteEndObject();
            }

            json.WriteStartArray("warnings");
            foreach (var warning in warnings)
            {
                json.WriteStringValue(warning);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
}
