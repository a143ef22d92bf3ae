// An ML.NET user's program: the radiograph featurizer as an ML.NET estimator in front of a stock trainer (saved and
// reloaded with ML.NET's own calls), then the library's ImageClassificationTrainer-style trainer, both evaluated with
// ML.NET's evaluator and with the confidence intervals it lacks.
//
//   dotnet run --project samples/MlNetPipeline -- --per-class 12 --folds 2 --out runs/mlnet
using System.Globalization;
using JointDislocation.ML;
using JointDislocation.ML.Augmentation;
using JointDislocation.ML.MlNet;
using JointDislocation.ML.Phantoms;
using JointDislocation.ML.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    options[args[i]] = args[i + 1];
}

var perClass = int.Parse(options.GetValueOrDefault("--per-class", "12"), CultureInfo.InvariantCulture);
var folds = int.Parse(options.GetValueOrDefault("--folds", "2"), CultureInfo.InvariantCulture);
var seed = int.Parse(options.GetValueOrDefault("--seed", "42"), CultureInfo.InvariantCulture);
var output = Path.GetFullPath(options.GetValueOrDefault("--out", Path.Combine("runs", "mlnet")));
var context = new DislocationContext(seed);
var ml = new MLContext(seed);

// 1. Images: phantom hips, a training set and an independent test set, as rows of (ImagePath, Label).
async Task<List<ImageRow>> PhantomsAsync(string name, int phantomSeed)
{
    var set = await PhantomSetWriter.WriteAsync(new PhantomSetOptions
    {
        OutputDirectory = Path.Combine(output, name),
        Joints = [Joint.Hip],
        PerClass = perClass,
        Seed = phantomSeed,
    });
    var root = Path.GetDirectoryName(set.ManifestPath)!;
    return [.. set.Entries.Select(e => new ImageRow { ImagePath = Path.Combine(root, e.Path), Label = e.Label == PhantomLabels.Dislocated })];
}

var train = ml.Data.LoadFromEnumerable(await PhantomsAsync("train", context.DeriveSeed("train")));
var test = ml.Data.LoadFromEnumerable(await PhantomsAsync("test", context.DeriveSeed("test")));
Console.WriteLine($"{perClass * 2} training and {perClass * 2} test phantoms in {output}");

// 2. FeaturizeRadiograph + a stock trainer: an ordinary ML.NET pipeline. No image folder is given, so the saved
//    model holds no local path; ML.NET's own Save and Load need no registration.
var pipeline = ml.Transforms.FeaturizeRadiograph(outputColumnName: "Features", inputColumnName: "ImagePath")
    .Append(ml.Transforms.NormalizeMeanVariance("Features", fixZero: false))
    .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(labelColumnName: "Label", featureColumnName: "Features"));
var stockModel = pipeline.Fit(train);
var stockPath = Path.Combine(output, "stock-pipeline.zip");
ml.Model.Save(stockModel, train.Schema, stockPath);
var reloaded = ml.Model.Load(stockPath, out _);
var stockScored = reloaded.Transform(test);
var stockMetrics = ml.BinaryClassification.Evaluate(stockScored);
Console.WriteLine($"stock pipeline (saved, reloaded): ML.NET AUROC {stockMetrics.AreaUnderRocCurve:F3}, accuracy {stockMetrics.Accuracy:F3}");
Print("  with intervals", ml.BinaryClassification.EvaluateWithIntervals(stockScored, new RadiographEvaluationOptions { Bootstrap = new() { Replicates = 500 } }));

// 3. RadiographTransfer: ImageClassificationTrainer's shape; Fit runs the library's experiment (fast featurisation,
//    cross-validated choice of head and augmentation, threshold on out-of-fold scores, refit).
var trainer = ml.BinaryClassification.Trainers.RadiographTransfer(new RadiographTransferOptions
{
    LabelColumnName = "Label",
    ImagePathColumnName = "ImagePath",
    Joint = Joint.Hip,
    Heads = [HeadKind.LogisticRegression, HeadKind.LinearSvm],
    Augmentation = [AugmentationMode.None],
    Folds = folds,
    Seed = seed,
    WorkspacePath = Path.Combine(output, "feature-cache"),
    MetricsCallback = c => Console.WriteLine($"  candidate {c.Name}: CV AUROC {c.CvAuroc:F3} [{c.CvLower:F3}, {c.CvUpper:F3}]"),
});
var transfer = trainer.Fit(train);
Console.WriteLine($"RadiographTransfer selected {transfer.Experiment.Selected.Name}, threshold p ≥ {transfer.Model.Threshold:F3} (Score > {transfer.ScoreThreshold:R})");

var scored = transfer.Transform(test);
var metrics = ml.BinaryClassification.Evaluate(scored);
Console.WriteLine($"RadiographTransfer on the test set: ML.NET AUROC {metrics.AreaUnderRocCurve:F3}, accuracy {metrics.Accuracy:F3}");
Print("  with intervals", ml.BinaryClassification.EvaluateWithIntervals(scored, new RadiographEvaluationOptions
{
    Threshold = transfer.Model.Threshold,
    Bootstrap = new() { Replicates = 500 },
}));

// 4. One model.zip for stock ML.NET (the same as `jdml export`), and the library's own bundle.
var zipPath = Path.Combine(output, "model.zip");
ml.Model.Save(transfer, test.Schema, zipPath);
transfer.Model.Save(Path.Combine(output, "model.jdml"));
var engine = ml.Model.CreatePredictionEngine<ImageRow, ScoredRow>(ml.Model.Load(zipPath, out _));
var first = test.GetColumn<string>("ImagePath").First();
var prediction = engine.Predict(new ImageRow { ImagePath = first });
Console.WriteLine($"model.zip reloaded: {Path.GetFileName(first)} → p = {prediction.Probability:F4}, label {prediction.PredictedLabel}");
return 0;

static void Print(string title, RadiographEvaluation evaluation)
{
    var report = evaluation.Report;
    var at = evaluation.AtThreshold;
    Console.WriteLine($"{title}: AUROC {report.Auroc:F3}, 95% CI (DeLong) [{report.DeLong.Interval.Lower:F3}, {report.DeLong.Interval.Upper:F3}], " +
        $"bootstrap [{report.Bootstrap?.Interval.Lower:F3}, {report.Bootstrap?.Interval.Upper:F3}]");
    Console.WriteLine($"{title}: at p ≥ {evaluation.Threshold.Threshold:F3} ({evaluation.Threshold.Method}) sensitivity {at.Sensitivity.Estimate:F3} " +
        $"[{at.Sensitivity.Interval.Lower:F3}, {at.Sensitivity.Interval.Upper:F3}], specificity {at.Specificity.Estimate:F3} " +
        $"[{at.Specificity.Interval.Lower:F3}, {at.Specificity.Interval.Upper:F3}]; Brier {evaluation.Calibration?.BrierScore:F3}");
    foreach (var warning in evaluation.Warnings)
    {
        Console.WriteLine($"{title}: note: {warning}");
    }
}

internal sealed class ImageRow
{
    public string ImagePath { get; set; } = string.Empty;

    public bool Label { get; set; }
}

internal sealed class ScoredRow
{
    public float Probability { get; set; }

    public bool PredictedLabel { get; set; }
}
