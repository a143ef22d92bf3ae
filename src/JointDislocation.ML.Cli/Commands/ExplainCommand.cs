using System.CommandLine;

namespace JointDislocation.ML.Cli.Commands;

/// <summary><c>jdml explain</c>: saliency maps and saliency scores for a data set.</summary>
internal static class ExplainCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var model = CommonOptions.Model();
        var data = CommonOptions.Data();
        var output = CommonOptions.Out("Folder to write overlays and saliency.csv into.");
        var method = new Option<string>("--method") { Description = "cam (class activation map) or occlusion.", DefaultValueFactory = _ => "cam" };
        method.AcceptOnlyFromAmong("cam", "occlusion");

        var command = new Command("explain", "Write saliency overlays and saliency scores (pointing game, ROI energy).")
        {
            model, data, output, method,
        };
        command.SetAction((_, _) => Task.FromResult(NotBuiltYet.Report(environment, "explain")));
        return command;
    }
}
