// Trains one joint's classifier the way the study did, with the numbers it left out: every candidate head ×
// augmentation mode is scored by k-fold cross-validated AUROC with a DeLong interval, the best is selected, its
// threshold is chosen on out-of-fold scores, and it is refitted on all images and saved as model.jdml.
//
//   dotnet run --project samples/TrainPerJoint -- --joint hip --per-class 50 --out runs/train-hip
//   dotnet run --project samples/TrainPerJoint -- --data my-images/ --joint shoulder --heads logreg,svm
using System.Globalization;
using JointDislocation.ML;
using JointDislocation.ML.Augmentation;
using JointDislocation.ML.Data;
using JointDislocation.ML.Phantoms;
using JointDislocation.ML.Statistics;
using JointDislocation.ML.Training;

var options = ParseArguments(args, ["--data", "--joint", "--per-class", "--folds", "--heads", "--augment", "--seed", "--out"]);
if (options is null)
{
    Console.Error.WriteLine("""
        usage: TrainPerJoint [--data DIR|CSV] [--joint shoulder|elbow|hip|tha] [--per-class N] [--folds K]
                             [--heads logreg,sdca,svm,fasttree,lightgbm] [--augment none,static:13,online:5]
                             [--seed N] [--out DIR]
        Without --data, N phantoms per class of the joint are generated into OUT/phantoms first.
        """);
    return 2;
}

var joint = JointNames.Parse(options.GetValueOrDefault("--joint", "hip"));
var perClass = int.Parse(options.GetValueOrDefault("--per-class", "50"), CultureInfo.InvariantCulture);
var folds = int.Parse(options.GetValueOrDefault("--folds", "5"), CultureInfo.InvariantCulture);
var seed = int.Parse(options.GetValueOrDefault("--seed", "42"), CultureInfo.InvariantCulture);
var heads = HeadNames.ParseList(options.GetValueOrDefault("--heads", "logreg,sdca,svm,fasttree,lightgbm"));
var modes = options.GetValueOrDefault("--augment", "none,static:13")
    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
    .Select(AugmentationMode.Parse)
    .ToArray();
var output = Path.GetFullPath(options.GetValueOrDefault("--out", Path.Combine("runs", $"train-{joint.ToName()}")));
var context = new DislocationContext(seed);

// 1. Data: a folder or manifest of your own, or a phantom set generated from the same seed.
string data;
if (options.TryGetValue("--data", out var given))
{
    data = given;
}
else
{
    var phantoms = await PhantomSetWriter.WriteAsync(new PhantomSetOptions
    {
        OutputDirectory = Path.Combine(output, "phantoms"),
        Joints = [joint],
        PerClass = perClass,
        Seed = context.DeriveSeed("phantoms"),
    });
    data = phantoms.ManifestPath;
    Console.WriteLine($"generated {phantoms.Entries.Count} {joint.ToName()} phantoms in {Path.GetDirectoryName(data)}");
}

// The joint option picks that joint's rows of a manifest or its subfolder of root/<joint>/<label>/.
var dataset = RadiographDataset.Load(data, new DatasetOptions { Joint = joint });
Console.WriteLine($"{dataset.Records.Count} images: {dataset.PositiveCount} {dataset.PositiveLabel}, {dataset.NegativeCount} {dataset.NegativeLabel}; {dataset.Skipped.Count} skipped");

// 2. The experiment: Build() validates every setting before any work starts.
var experiment = context.Training()
    .ForJoint(joint)
    .WithData(dataset)
    .WithHeads(heads.ToArray())
    .WithAugmentation(modes)
    .WithCrossValidation(folds)
    .Build();

var result = await experiment.RunAsync(new StagePrinter());

// 3. Every candidate with its cross-validated AUROC and 95% DeLong interval; * marks the one selected.
Console.WriteLine();
Console.WriteLine($"{"candidate",-22} {"CV AUROC",9}  95% CI (DeLong)");
foreach (var candidate in result.Candidates)
{
    var mark = candidate == result.Selected ? "*" : " ";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{mark}{candidate.Name,-21} {candidate.CvAuroc,9:0.000}  {candidate.CvLower:0.000}–{candidate.CvUpper:0.000}"));
}

Console.WriteLine();
Console.WriteLine($"selected {result.Selected.Name} (ties go to the earlier, simpler candidate)");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"threshold {result.Threshold.Threshold:0.0000} ({result.Threshold.Method} on out-of-fold scores): sensitivity {result.Threshold.Sensitivity:0.000}, specificity {result.Threshold.Specificity:0.000}"));

// 4. The bundle: manifest.json (labels, backbone hash, threshold, CV figures, training fingerprints) + head.zip.
Directory.CreateDirectory(output);
var modelPath = Path.Combine(output, "model.jdml");
result.Model.Save(modelPath);

// A reload checks the bundle (format version, head checksum, backbone hash) and gives the same scores.
var reloaded = DislocationModel.Load(modelPath);
var first = result.Records[0];
var probability = reloaded.Predict(RadiographDecoder.Decode(first.Path)).Probability;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"saved {modelPath}; reloaded: {Path.GetFileName(first.Path)} ({first.Label}) → p = {probability:0.0000}"));
return 0;

// A tiny "--name value" parser: null on an unknown option or a missing value, so the usage is shown.
static Dictionary<string, string>? ParseArguments(string[] arguments, string[] known)
{
    var values = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i < arguments.Length; i += 2)
    {
        if (!known.Contains(arguments[i]) || i + 1 >= arguments.Length)
        {
            return null;
        }

        values[arguments[i]] = arguments[i + 1];
    }

    return values;
}

// Prints each stage once, when it starts. Reports arrive from worker threads, hence the lock (Progress<T> would
// post them to the thread pool, out of order).
internal sealed class StagePrinter : IProgress<TrainingProgress>
{
    private readonly Lock _gate = new();
    private string _stage = string.Empty;

    public void Report(TrainingProgress value)
    {
        lock (_gate)
        {
            if (value.Stage != _stage)
            {
                _stage = value.Stage;
                Console.WriteLine($"  {value.Stage} ({value.Total})");
            }
        }
    }
}
