using System.CommandLine;
using JointDislocation.ML.Reproduction;
using JointDislocation.ML.Statistics;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Cli.Commands;

/// <summary><c>jdml reproduce</c>: the study's whole protocol on phantoms.</summary>
internal static class ReproduceCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var output = CommonOptions.Out("Folder to write results.json, report.md, report.html and figures into.");
        var joints = CommonOptions.Joints("Comma-separated joints: shoulder,elbow,hip,tha (default all four).");
        var seed = CommonOptions.Seed();
        var quick = new Option<bool>("--quick") { Description = "A small grid for a first look (under 2 minutes)." };
        var fineTuneEpochs = new Option<int?>("--finetune-epochs")
        {
            Description = "Add the fine-tuned candidate (finetune: the whole backbone, N epochs per fold); needs the fine-tuning plugin. Not in the default grid.",
        };
        var fineTuning = new Option<string?>("--finetuning") { Description = $"Folder of the fine-tuning plugin ({FineTuningPlugin.AssemblyFile}); see 'jdml train --help'." };
        var inputSize = new Option<int?>("--input-size")
        {
            Description = "ResNet18's square input side for every joint, a multiple of 32 from 64 to 1024 (default: 448 for hip and THA, 224 for shoulder and elbow).",
        };

        var command = new Command("reproduce", "Run the study's protocol on phantom data and write a report.")
        {
            output, joints, seed, quick, fineTuneEpochs, fineTuning, inputSize,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            environment,
            parseResult.GetRequiredValue(output),
            parseResult.GetValue(joints),
            parseResult.GetValue(seed),
            parseResult.GetValue(quick),
            parseResult.GetValue(fineTuneEpochs),
            parseResult.GetValue(fineTuning),
            parseResult.GetValue(inputSize),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliEnvironment environment, string output, string? jointsText, int seed, bool quick, int? fineTuneEpochs, string? fineTuning, int? inputSize, CancellationToken cancellationToken)
    {
        if (inputSize is { } side)
        {
            CliParsing.CheckResNet18InputSize(side);
        }

        if (fineTuneEpochs is < 1)
        {
            throw new UsageException($"--finetune-epochs must be at least 1 (was {fineTuneEpochs}).");
        }

        var options = new ReproductionOptions
        {
            OutputDirectory = output,
            Joints = CliParsing.Joints(jointsText),
            Seed = seed,
            InputSize = inputSize,
        };
        if (quick)
        {
            options = options.AsQuick();
        }

        IBackboneFineTuner? fineTuner = null;
        if (fineTuneEpochs is { } epochs)
        {
            options = options.WithFineTuning(epochs);
            fineTuner = FineTuningPlugin.Load(fineTuning, environment.Variable);
        }

        var reproduction = new StudyReproduction(options, fineTuner);
        var result = await CliProgress.RunAsync(environment, progress => reproduction.RunAsync(
            progress is null ? null : new ForwardingProgress<ReproductionProgress>(p => progress.Report((p.Stage, p.Completed, p.Total))),
            cancellationToken));

        environment.Out.WriteLine(CliJson.Build(json =>
        {
            json.WriteStartObject();
            json.WriteNumber("seed", seed);
            json.WriteBoolean("quick", quick);
            json.WriteStartArray("joints");
            foreach (var joint in result.Joints)
            {
                json.WriteStartObject();
                json.WriteString("joint", joint.Joint.ToName());
                json.WriteString("selected", joint.Selected);
                json.WriteNumber("inputSize", joint.InputSize);
                CliJson.Number(json, "internalAuroc", joint.Internal.Report.Auroc);
                CliJson.Number(json, "externalAuroc", joint.External.Report.Auroc);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            CliJson.Number(json, "elapsedSeconds", Math.Round(result.ElapsedSeconds, 1));
            json.WriteString("results", result.ResultsPath);
            json.WriteString("report", result.HtmlPath);
            json.WriteEndObject();
        }));
        return ExitCodes.Success;
    }
}
