using System.CommandLine;
using System.Globalization;
using JointDislocation.ML.Augmentation;
using JointDislocation.ML.Backbones;
using JointDislocation.ML.Data;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Cli.Commands;

/// <summary><c>jdml train</c>: trains candidate heads, selects the best by cross-validated AUROC, refits.</summary>
internal static class TrainCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var data = CommonOptions.Data();
        var output = CommonOptions.Out("Folder to write model.jdml and training.json into.");
        var joint = new Option<string?>("--joint") { Description = "Joint to train (selects a subfolder or manifest rows): shoulder, elbow, hip or tha." };
        var positive = new Option<string>("--positive") { Description = "Label of the positive class.", DefaultValueFactory = _ => DatasetOptions.DefaultPositiveLabel };
        var negative = new Option<string>("--negative") { Description = "Label of the negative class.", DefaultValueFactory = _ => DatasetOptions.DefaultNegativeLabel };
        var backbone = new Option<string>("--backbone") { Description = "resnet18, or an ONNX image model FILE.onnx described by FILE.onnx.json (see docs/backbones.md).", DefaultValueFactory = _ => "resnet18" };
        var inputSize = CommonOptions.InputSize();
        var heads = new Option<string>("--heads") { Description = "Comma-separated heads: logreg,sdca,svm,fasttree,lightgbm, and the fine-tuned finetune,finetune-last (need the fine-tuning plugin).", DefaultValueFactory = _ => "logreg,sdca,svm,fasttree,lightgbm" };
        var fineTuneEpochs = new Option<int>("--finetune-epochs") { Description = "Epochs of each fine-tuning job (heads finetune, finetune-last).", DefaultValueFactory = _ => 3 };
        var fineTuning = new Option<string?>("--finetuning")
        {
            Description = $"Folder of the fine-tuning plugin ({FineTuningPlugin.AssemblyFile}); default ${FineTuningPlugin.EnvironmentVariable}, else a 'finetuning' folder beside jdml, else the repository's build output.",
        };
        var augment = new Option<string>("--augment") { Description = "Comma-separated augmentation modes: none, static:K, online:E.", DefaultValueFactory = _ => "none,static:13" };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds.", DefaultValueFactory = _ => 5 };
        var seed = CommonOptions.Seed();
        var strict = CommonOptions.Strict();
        var dicomSelect = CommonOptions.DicomSelect();
        var noFingerprints = new Option<bool>("--no-fingerprints")
        {
            Description = "Keep no fingerprints of the training images in model.jdml (no hashes, no thumbnails); evaluate then reports leakage as not checked. See docs/privacy.md.",
        };

        var command = new Command("train", "Train candidate classifiers for one joint, select by cross-validated AUROC, refit.")
        {
            data, output, joint, positive, negative, backbone, inputSize, heads, augment, folds, seed, strict, noFingerprints, dicomSelect, fineTuneEpochs, fineTuning,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            environment,
            new TrainRequest(
                parseResult.GetRequiredValue(data),
                parseResult.GetRequiredValue(output),
                parseResult.GetValue(joint),
                parseResult.GetRequiredValue(positive),
                parseResult.GetRequiredValue(negative),
                parseResult.GetRequiredValue(backbone),
                parseResult.GetRequiredValue(heads),
                parseResult.GetRequiredValue(augment),
                parseResult.GetValue(folds),
                parseResult.GetValue(seed),
                parseResult.GetValue(strict),
                parseResult.GetValue(noFingerprints),
                parseResult.GetValue(dicomSelect) ?? [],
                parseResult.GetValue(fineTuneEpochs),
                parseResult.GetValue(fineTuning),
                parseResult.GetValue(inputSize)),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliEnvironment environment, TrainRequest request, CancellationToken cancellationToken)
    {
        var joint = CliParsing.Joint(request.Joint);
        var heads = CliParsing.Parse(() => HeadNames.ParseList(request.Heads), "--heads");
        var modes = CliParsing.Parse(() => request.Augment.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(AugmentationMode.Parse).Distinct().ToList(), "--augment");
        if (modes.Count == 0)
        {
            throw new UsageException("--augment needs at least one mode (none, static:K, online:E).");
        }

        if (request.Folds < 2)
        {
            throw new UsageException($"--folds must be at least 2 (was {request.Folds}).");
        }

        if (request.FineTuneEpochs < 1)
        {
            throw new UsageException($"--finetune-epochs must be at least 1 (was {request.FineTuneEpochs}).");
        }

        // The plugin is looked for before any data is read, so that a missing one fails at once.
        var fineTuner = heads.Any(h => h.IsFineTuned()) ? FineTuningPlugin.Load(request.FineTuning, environment.Variable) : null;

        var dataset = CliParsing.LoadDataset(request.Data, joint, request.Positive, request.Negative, request.Strict, request.DicomSelect);
        CliWarnings.Dataset(environment, dataset);
        var backbone = CliParsing.Backbone(request.Backbone, request.InputSize);
        var builder = new DislocationContext(request.Seed).Training()
            .WithData(dataset)
            .WithOptions(new ExperimentOptions
            {
                Joint = joint,
                PositiveLabel = dataset.PositiveLabel,
                NegativeLabel = dataset.NegativeLabel,
                Heads = heads,
                AugmentationModes = modes,
                Folds = request.Folds,
                Strict = request.Strict,
                KeepTrainingFingerprints = !request.NoFingerprints,
                FineTuneEpochs = request.FineTuneEpochs,
            })
            .WithBackbone(backbone);
        if (fineTuner is not null)
        {
            builder.WithFineTuner(fineTuner);
        }

        var experiment = builder.Build();

        var result = await CliProgress.RunAsync(environment, progress => experiment.RunAsync(
            progress is null ? null : new ForwardingProgress<TrainingProgress>(p => progress.Report((p.Stage, p.Completed, p.Total))),
            cancellationToken));

        var skipped = dataset.Skipped.Concat(result.Skipped).ToList();
        CliWarnings.MissingDcmtk(environment, skipped);
        Directory.CreateDirectory(request.Output);
        result.Model.Save(Path.Combine(request.Output, "model.jdml"));
        AtomicFile.WriteAllText(Path.Combine(request.Output, "training.json"), TrainingJson(result, request, backbone, skipped) + "\n");
        environment.Out.WriteLine(CliJson.Build(json =>
        {
            json.WriteStartObject();
            json.WriteString("model", Path.GetFullPath(Path.Combine(request.Output, "model.jdml")));
            json.WriteString("selected", result.Selected.Name);
            CliJson.Number(json, "cvAuroc", result.Selected.CvAuroc);
            CliJson.Number(json, "threshold", result.Threshold.Threshold);
            json.WriteNumber("skipped", skipped.Count);
            json.WriteEndObject();
        }));
        return ExitCodes.Success;
    }

    private static string TrainingJson(ExperimentResult result, TrainRequest request, IImageBackbone backbone, List<SkippedFile> skipped) =>
        CliJson.Build(json =>
        {
            json.WriteStartObject();
            if (result.Joint is { } joint)
            {
                json.WriteString("joint", joint.ToName());
            }
            else
            {
                json.WriteNull("joint");
            }

            json.WriteString("positiveLabel", result.Model.Manifest.PositiveLabel);
            json.WriteString("negativeLabel", result.Model.Manifest.NegativeLabel);
            json.WriteString("backbone", backbone.Name);
            json.WriteNumber("seed", request.Seed);
            json.WriteNumber("trainCount", result.Records.Count);
            json.WriteNumber("positives", result.Positives);
            json.WriteNumber("negatives", result.Negatives);
            json.WriteNumber("folds", request.Folds);
            json.WriteStartArray("candidates");
            foreach (var candidate in result.Candidates)
            {
                json.WriteStartObject();
                json.WriteString("name", candidate.Name);
                json.WriteString("head", candidate.Head.ToName());
                json.WriteString("augmentation", candidate.Augmentation.ToString());
                CliJson.Number(json, "cvAuroc", candidate.CvAuroc);
                CliJson.Number(json, "cvLower", candidate.CvLower);
                CliJson.Number(json, "cvUpper", candidate.CvUpper);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("selected", result.Selected.Name);
            CliJson.Number(json, "threshold", result.Threshold.Threshold);
            json.WriteString("thresholdMethod", result.Threshold.Method.ToString().ToLowerInvariant());
            CliJson.Number(json, "cvSensitivity", result.Threshold.Sensitivity);
            CliJson.Number(json, "cvSpecificity", result.Threshold.Specificity);
            json.WriteStartObject("samePatient");
            json.WriteNumber("imagesWithKnownPatient", result.ImagesWithKnownPatient);
            json.WriteNumber("heldOutWithPatientInTraining", result.HeldOutWithPatientInTraining);
            json.WriteEndObject();
            CliJson.Skipped(json, skipped);
            json.WriteEndObject();
        }, indented: true);

    private sealed record TrainRequest(
        string Data, string Output, string? Joint, string Positive, string Negative, string Backbone, string Heads, string Augment, int Folds, int Seed, bool Strict, bool NoFingerprints, string[] DicomSelect,
        int FineTuneEpochs, string? FineTuning, int? InputSize);
}
