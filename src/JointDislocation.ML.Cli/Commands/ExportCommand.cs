using System.CommandLine;
using JointDislocation.ML.MlNet;
using JointDislocation.ML.Training;
using Microsoft.ML;

namespace JointDislocation.ML.Cli.Commands;

/// <summary><c>jdml export</c>: writes a model as one ML.NET <c>model.zip</c> that stock ML.NET loads.</summary>
internal static class ExportCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var model = CommonOptions.Model();
        var output = CommonOptions.Out("The ML.NET model zip to write (written atomically).");

        var command = new Command("export", "Export a model as one ML.NET model.zip (input column ImagePath; Score, Probability, PredictedLabel); prints one JSON object.")
        {
            model, output,
        };
        command.SetAction((parseResult, _) => Task.FromResult(Run(environment, parseResult.GetRequiredValue(model), parseResult.GetRequiredValue(output))));
        return command;
    }

    private static int Run(CliEnvironment environment, string modelPath, string outputPath)
    {
        var model = DislocationModel.Load(modelPath);
        MlNetExportInfo info;
        try
        {
            info = model.SaveAsMlNet(new MLContext(model.Manifest.Seed), outputPath);
        }
        catch (NotSupportedException exception)
        {
            throw new InvalidInputException(Path.GetFullPath(modelPath), null, $"cannot be exported: {exception.Message}", exception);
        }

        environment.Out.WriteLine(CliJson.Build(json =>
        {
            json.WriteStartObject();
            json.WriteString("model", Path.GetFullPath(modelPath));
            json.WriteString("out", Path.GetFullPath(outputPath));
            json.WriteString("inputColumn", info.InputColumnName);
            json.WriteString("backbone", info.BackboneName);
            json.WriteString("backboneSha256", info.BackboneSha256);
            json.WriteString("mlNetVersion", info.MlNetVersion);
            CliJson.Number(json, "threshold", info.Threshold);
            CliJson.Number(json, "scoreThreshold", info.ScoreThreshold);
            json.WriteEndObject();
        }));
        return ExitCodes.Success;
    }
}
