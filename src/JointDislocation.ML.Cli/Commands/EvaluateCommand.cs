using System.CommandLine;

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
        command.SetAction((_, _) => Task.FromResult(NotBuiltYet.Report(environment, "evaluate")));
        return command;
    }
}
