using System.CommandLine;
using JointDislocation.ML.Data;
using JointDislocation.ML.Saliency;
using JointDislocation.ML.Training;

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
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            environment,
            parseResult.GetRequiredValue(model),
            parseResult.GetRequiredValue(image),
            parseResult.GetValue(heatmap),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliEnvironment environment, string modelPath, string imagePath, string? heatmapPath, CancellationToken cancellationToken)
    {
        var model = DislocationModel.Load(modelPath);
        var image = RadiographDecoder.Decode(imagePath);
        if (RadiographDecoder.TryReadHeader(imagePath, null, out var header, out _) && header.Frames > 1)
        {
            await environment.Error.WriteLineAsync($"warning: {Path.GetFullPath(imagePath)}: multi-frame DICOM ({header.Frames} frames); only the first frame is read");
        }

        Prediction prediction;
        if (heatmapPath is null)
        {
            prediction = model.Predict(image);
        }
        else
        {
            // CAM is exact for linear heads; tree heads are explained by occlusion, which works for any model.
            var explanation = model.Head.Linear is not null
                ? ModelExplainer.ClassActivationMap(model, image)
                : await ModelExplainer.OcclusionAsync(model, image, cancellationToken: cancellationToken);
            prediction = explanation.Prediction;
            ModelExplainer.WriteOverlay(heatmapPath, image, explanation.Map);
        }

        environment.Out.WriteLine(CliJson.Build(json =>
        {
            json.WriteStartObject();
            json.WriteString("path", Path.GetFullPath(imagePath));
            CliJson.Number(json, "probability", prediction.Probability);
            json.WriteString("label", prediction.Label);
            CliJson.Number(json, "threshold", prediction.Threshold);
            if (heatmapPath is not null)
            {
                json.WriteString("heatmap", Path.GetFullPath(heatmapPath));
            }

            json.WriteEndObject();
        }));
        return ExitCodes.Success;
    }
}
