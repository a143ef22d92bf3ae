using System.CommandLine;

namespace JointDislocation.ML.Cli.Commands;

/// <summary><c>jdml predict</c>: scores one image.</summary>
internal static class PredictCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var model = CommonOptions.Model();
        var image = new Option<string>("--image") { Description = "The radiograph to score.", Required = true };
        var heatmap = new Option<string?>("--heatmap") { Description = "Also write a CAM overlay PNG at the image's own size." };

        var command = new Command("predict", "Score one radiograph; prints one JSON object.")
        {
            model, image, heatmap,
        };
        command.SetAction((_, _) => Task.FromResult(NotBuiltYet.Report(environment, "predict")));
        return command;
    }
}
