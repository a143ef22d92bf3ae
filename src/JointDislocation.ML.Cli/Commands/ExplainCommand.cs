using System.CommandLine;
using JointDislocation.ML.Saliency;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Cli.Commands;

/// <summary><c>jdml explain</c>: saliency maps and saliency scores for a data set.</summary>
internal static class ExplainCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var model = CommonOptions.Model();
        var data = CommonOptions.Data();
        var output = CommonOptions.Out("Folder to write overlays and saliency.csv into.");
        var method = new Option<string>("--method") { Description = "cam (class activation map, linear heads) or occlusion (any head).", DefaultValueFactory = _ => "cam" };
        method.AcceptOnlyFromAmong("cam", "occlusion");
        var strict = CommonOptions.Strict();
        var dicomSelect = CommonOptions.DicomSelect();

        var command = new Command("explain", "Write saliency overlays and saliency scores (pointing game, ROI energy).")
        {
            model, data, output, method, strict, dicomSelect,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            environment,
            parseResult.GetRequiredValue(model),
            parseResult.GetRequiredValue(data),
            parseResult.GetRequiredValue(output),
            parseResult.GetRequiredValue(method) == "occlusion" ? SaliencyMethod.Occlusion : SaliencyMethod.Cam,
            parseResult.GetValue(strict),
            parseResult.GetValue(dicomSelect) ?? [],
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliEnvironment environment, string modelPath, string dataPath, string output, SaliencyMethod method, bool strict, string[] dicomSelect, CancellationToken cancellationToken)
    {
        var model = DislocationModel.Load(modelPath);
        if (method == SaliencyMethod.Cam && model.Head.Linear is null)
        {
            throw new UsageException($"--method cam needs a linear head (logreg, sdca, svm); this model's head is '{model.Manifest.Head.ToName()}'. Use --method occlusion.");
        }

        var joint = model.Manifest.Joint;
        var dataset = EvaluateCommand.LoadForModel(dataPath, model, joint, strict, dicomSelect);
        CliWarnings.Dataset(environment, dataset);
        // Overlays go to a hidden staging folder that becomes DIR/overlays only when every image is done: a strict
        // run that stops at a bad file, or a cancelled one, leaves no half set of overlays behind.
        var overlays = Path.Combine(output, "overlays");
        var staging = Path.Combine(output, $".overlays.{Guid.NewGuid():N}.tmp");
        ExplainResult result;
        try
        {
            result = await CliProgress.RunAsync(environment, progress => ModelExplainer.ExplainAsync(
                model, dataset.Records, method, staging, strict,
                progress is null ? null : new ForwardingProgress<(int Completed, int Total)>(p => progress.Report(("explain", p.Completed, p.Total))),
                cancellationToken));
        }
        catch
        {
            DeleteFolder(staging);
            throw;
        }

        DeleteFolder(overlays);
        if (Directory.Exists(staging))
        {
            Directory.Move(staging, overlays);
        }

        SaliencyCsvWriter.Write(Path.Combine(output, "saliency.csv"), result.CsvRows);
        var skipped = dataset.Skipped.Concat(result.Skipped).ToList();
        CliWarnings.MissingDcmtk(environment, skipped);
        environment.Out.WriteLine(CliJson.Build(json =>
        {
            json.WriteStartObject();
            json.WriteString("method", SaliencyCsvWriter.MethodName(method));
            json.WriteNumber("images", result.Images.Count);
            json.WriteNumber("withRoi", result.Summary.RoiCount);
            CliJson.Number(json, "hitRate", result.Summary.HitRate ?? double.NaN);
            CliJson.Number(json, "meanRoiEnergy", result.Summary.MeanRoiEnergy ?? double.NaN);
            CliJson.Number(json, "meanRoiAreaShare", result.Summary.MeanRoiAreaShare ?? double.NaN);
            CliJson.Number(json, "meanArtifactEnergy", result.Summary.MeanArtifactEnergy ?? double.NaN);
            json.WriteNumber("shortcuts", result.Summary.ShortcutCount);
            json.WriteStartArray("warnings");
            foreach (var warning in result.Summary.Warnings)
            {
                json.WriteStringValue(warning);
            }

            json.WriteEndArray();
            CliJson.Skipped(json, skipped);
            json.WriteString("csv", Path.GetFullPath(Path.Combine(output, "saliency.csv")));
            json.WriteEndObject();
        }));
        return ExitCodes.Success;
    }

    private static void DeleteFolder(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
