using System.CommandLine;

namespace JointDislocation.ML.Cli.Commands;

/// <summary><c>jdml roc</c>: ROC statistics for any scores in a CSV file.</summary>
internal static class RocCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var scores = new Option<string>("--scores") { Description = "CSV file with a header, a label column and a score column.", Required = true };
        var label = new Option<string>("--label") { Description = "Name of the label column.", DefaultValueFactory = _ => "label" };
        var score = new Option<string>("--score") { Description = "Name of the score column.", DefaultValueFactory = _ => "score" };
        var compare = new Option<string?>("--compare") { Description = "A second score column: paired DeLong test against --score." };
        var bootstrap = CommonOptions.Bootstrap();
        var seed = CommonOptions.Seed();
        var level = new Option<double>("--level") { Description = "Confidence level of the intervals.", DefaultValueFactory = _ => 0.95 };

        var command = new Command("roc", "AUROC with DeLong (and bootstrap) confidence intervals for any scores; prints one JSON object.")
        {
            scores, label, score, compare, bootstrap, seed, level,
        };
        command.SetAction((_, _) => Task.FromResult(NotBuiltYet.Report(environment, "roc")));
        return command;
    }
}
