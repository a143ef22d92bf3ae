// What an AUROC must carry: DeLong and bootstrap intervals, a paired DeLong test of two models on the same cases,
// operating thresholds chosen on internal data and checked on external data with Wilson intervals, and calibration.
// Works on any scores: a CSV of your own (label + score columns), or scores it simulates for two models.
//
//   dotnet run --project samples/EvaluateAuroc                                     # simulated internal + external
//   dotnet run --project samples/EvaluateAuroc -- --scores internal.csv --external external.csv --compare score2
using System.Globalization;
using JointDislocation.ML.Statistics;

var options = ParseArguments(args, ["--scores", "--external", "--label", "--score", "--compare", "--bootstrap", "--target-sensitivity", "--per-class", "--seed", "--save"]);
if (options is null)
{
    Console.Error.WriteLine("""
        usage: EvaluateAuroc [--scores CSV [--external CSV]] [--label label] [--score score] [--compare COLUMN]
                             [--bootstrap 2000] [--target-sensitivity 0.95] [--per-class 100] [--seed 42] [--save DIR]
        Without --scores, two models' probabilities are simulated for an internal and a shifted external set
        (--save DIR writes them as internal.csv and external.csv, the format --scores reads).
        """);
    return 2;
}

string Get(string name, string fallback) => options.GetValueOrDefault(name, fallback);
double Number(string name, string fallback) => double.Parse(Get(name, fallback), CultureInfo.InvariantCulture);
var seed = (int)Number("--seed", "42");
var bootstrap = new BootstrapOptions { Replicates = (int)Number("--bootstrap", "2000"), Seed = seed };
var target = Number("--target-sensitivity", "0.95");
var score = Get("--score", "score");
var compare = options.GetValueOrDefault("--compare");
var columns = compare is null ? new[] { score } : [score, compare];

ScoreSet internalSet, externalSet;
if (options.TryGetValue("--scores", out var path))
{
    internalSet = ScoreSet.Read(path, Get("--label", "label"), columns);
    externalSet = options.TryGetValue("--external", out var external) ? ScoreSet.Read(external, Get("--label", "label"), columns) : internalSet;
}
else
{
    // Simulated: two correlated models; the external set is harder (less separation), as hospital images were.
    var perClass = (int)Number("--per-class", "100");
    internalSet = ScoreSet.Simulate(perClass, 2.2, seed);
    externalSet = ScoreSet.Simulate(perClass, 1.3, seed + 1);
    columns = ["score", "score2"];
    compare = "score2";
    if (options.TryGetValue("--save", out var folder))
    {
        internalSet.Write(Path.Combine(folder, "internal.csv"));
        externalSet.Write(Path.Combine(folder, "external.csv"));
        Console.WriteLine($"simulated scores written to {Path.GetFullPath(folder)}");
    }
}

var sameSet = ReferenceEquals(internalSet, externalSet);
var labels = internalSet.Labels;
Console.WriteLine($"internal: {labels.Count} cases, {labels.Count(l => l)} positive");
var reports = new Dictionary<string, EvaluationReport>();
foreach (var column in columns)
{
    reports[column] = RocStatistics.Evaluate(labels, internalSet.Scores(column), 0.95, bootstrap);
    Print($"  {column,-8}", reports[column]);
}

if (compare is not null)
{
    var paired = RocStatistics.ComparePaired(labels, internalSet.Scores(score), internalSet.Scores(compare));
    Console.WriteLine(F($"  paired DeLong {score} vs {compare}: Δ {paired.Difference:+0.000;-0.000}, SE {paired.StandardError:0.000}, z {paired.Z:0.00}, p {paired.PValue:0.0000}"));
}

// Thresholds are chosen on internal data only; the external set must not influence them.
var curve = RocCurve.Compute(labels, internalSet.Scores(score));
var thresholds = new[] { ThresholdSelector.Youden(curve), ThresholdSelector.TargetSensitivity(curve, target) };
foreach (var point in thresholds)
{
    Console.WriteLine(F($"  {point.Method} threshold {point.Threshold:0.0000}: internal sensitivity {point.Sensitivity:0.000}, specificity {point.Specificity:0.000}"));
}

var testLabels = externalSet.Labels;
var testScores = externalSet.Scores(score);
Console.WriteLine();
Console.WriteLine(sameSet
    ? "no external set: the figures below are on the internal cases the thresholds were chosen on (optimistic)"
    : $"external: {testLabels.Count} cases, {testLabels.Count(l => l)} positive");
if (!sameSet)
{
    var externalReport = RocStatistics.Evaluate(testLabels, testScores, 0.95, bootstrap);
    Print($"  {score,-8}", externalReport);
    var shift = RocStatistics.CompareUnpaired(reports[score], externalReport);
    Console.WriteLine(F($"  unpaired DeLong internal vs external: Δ {shift.Difference:+0.000;-0.000}, p {shift.PValue:0.0000} (df {shift.DegreesOfFreedom:0.0})"));
}

foreach (var point in thresholds)
{
    var m = ConfusionMetrics.At(testLabels, testScores, point.Threshold);
    Console.WriteLine(F($"  at the {point.Method} threshold: TP {m.TruePositives} FP {m.FalsePositives} TN {m.TrueNegatives} FN {m.FalseNegatives}"));
    foreach (var (name, value) in new[] { ("sensitivity", m.Sensitivity), ("specificity", m.Specificity), ("PPV", m.PositivePredictiveValue), ("NPV", m.NegativePredictiveValue), ("accuracy", m.Accuracy), ("F1", m.F1) })
    {
        Console.WriteLine(F($"    {name,-12} {value.Estimate:0.000}  95% Wilson {value.Interval.Lower:0.000}–{value.Interval.Upper:0.000}"));
    }
}

// Calibration only means something for probabilities.
if (testScores.All(s => s is >= 0 and <= 1))
{
    var calibration = Calibration.Compute(testLabels, testScores, bins: 5);
    Console.WriteLine(F($"  calibration: Brier {calibration.BrierScore:0.0000}, ECE {calibration.ExpectedCalibrationError:0.0000}"));
    foreach (var bin in calibration.Bins.Where(b => b.Count > 0))
    {
        Console.WriteLine(F($"    [{bin.Lower:0.0}, {bin.Upper:0.0}) n {bin.Count,3}: predicted {bin.MeanPredicted:0.000}, observed {bin.ObservedFrequency:0.000}"));
    }
}
else
{
    Console.WriteLine("  calibration skipped: the scores are not probabilities in [0, 1]");
}

return 0;

static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

static void Print(string name, EvaluationReport report)
{
    var boot = report.Bootstrap is { } b ? F($", bootstrap {b.Interval.Lower:0.000}–{b.Interval.Upper:0.000} ({b.Replicates} replicates)") : string.Empty;
    Console.WriteLine(F($"{name} AUROC {report.Auroc:0.000}, DeLong 95% CI {report.DeLong.Interval.Lower:0.000}–{report.DeLong.Interval.Upper:0.000}{boot}"));
    foreach (var warning in report.Warnings)
    {
        Console.WriteLine($"    warning: {warning}");
    }
}

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

// Labels and named score columns: read from a CSV by the library's ScoreTable (which names file and row on bad
// input), or simulated.
internal sealed record ScoreSet(IReadOnlyList<bool> Labels, IReadOnlyDictionary<string, IReadOnlyList<double>> Columns)
{
    public IReadOnlyList<double> Scores(string column) => Columns[column];

    public static ScoreSet Read(string path, string label, string[] columns)
    {
        var table = ScoreTable.Read(path, label, columns);
        return new ScoreSet(table.Labels, columns.ToDictionary(c => c, table.Scores));
    }

    // Binormal latent scores turned into probabilities; model 2 shares part of model 1's noise and separates less.
    public static ScoreSet Simulate(int perClass, double separation, int seed)
    {
        var random = new Random(seed);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        double Probability(double latent) => 1 / (1 + Math.Exp(-(latent - (separation / 2))));
        var labels = new List<bool>();
        var first = new List<double>();
        var second = new List<double>();
        for (var i = 0; i < 2 * perClass; i++)
        {
            var positive = i % 2 == 0;
            var shared = Gaussian();
            labels.Add(positive);
            first.Add(Probability(shared + (positive ? separation : 0)));
            second.Add(Probability((0.6 * shared) + (0.8 * Gaussian()) + (positive ? 0.75 * separation : 0)));
        }

        return new ScoreSet(labels, new Dictionary<string, IReadOnlyList<double>> { ["score"] = first, ["score2"] = second });
    }

    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var lines = Labels.Select((l, i) => string.Create(CultureInfo.InvariantCulture,
            $"{(l ? "dislocated" : "located")},{Columns["score"][i]:R},{Columns["score2"][i]:R}"));
        File.WriteAllLines(path, ["label,score,score2", .. lines]);
    }
}
