#:package JointDislocation.ML@0.1.0
#:property PublishAot=false
// Experiment: compare two models on the same held-out images with DeLong's paired test.
// Run from this folder: dotnet run compare-models.cs   (writes runs/compare-models/report.html and roc.png)
// Model A: logistic regression; model B: FastTree; both on ResNet18 features of the same training phantoms. The test
// is paired because both score the same cases: it uses the correlation of their errors, which an unpaired test wastes.
// PublishAot=false: file-based apps default to native AOT, whose "no dynamic code" switch ML.NET's trainers cannot run under.
using System.Globalization;
using JointDislocation.ML;
using JointDislocation.ML.Augmentation;
using JointDislocation.ML.Data;
using JointDislocation.ML.Evaluation;
using JointDislocation.ML.Phantoms;
using JointDislocation.ML.Reporting;
using JointDislocation.ML.Statistics;
using JointDislocation.ML.Training;

const int TrainPerClass = 12, TestPerClass = 10, Seed = 5;
var joint = Joint.Hip;
var context = new DislocationContext(Seed);
var output = Path.GetFullPath(Path.Combine("runs", "compare-models"));
Directory.CreateDirectory(output);

async Task<RadiographDataset> Phantoms(string name, int perClass)
{
    var set = await PhantomSetWriter.WriteAsync(new PhantomSetOptions
    {
        OutputDirectory = Path.Combine(output, name), Joints = [joint], PerClass = perClass, Style = PhantomStyle.Internet, Seed = context.DeriveSeed(name),
    });
    return RadiographDataset.LoadManifest(set.ManifestPath);
}

var train = await Phantoms("train", TrainPerClass);
var test = await Phantoms("test", TestPerClass);

async Task<(string Name, ModelEvaluation Evaluation)> TrainAndScore(HeadKind head)
{
    var result = await context.Training().ForJoint(joint).WithData(train).WithHeads(head).WithAugmentation(AugmentationMode.None).WithCrossValidation(3).Build().RunAsync();
    return (result.Selected.Name, await ModelEvaluator.EvaluateAsync(result.Model, test.Records));
}

var a = await TrainAndScore(HeadKind.LogisticRegression);
var b = await TrainAndScore(HeadKind.FastTree);

// Pair the two models' scores case by case (both lists follow the test records; join on the path to be sure).
var byPath = b.Evaluation.Images.ToDictionary(i => i.Record.Path, i => i.Prediction.Probability);
var paired = a.Evaluation.Images.Where(i => byPath.ContainsKey(i.Record.Path)).ToList();
var labels = paired.Select(i => i.Record.IsPositive).ToList();
var comparison = DeLong.ComparePaired(labels, [.. paired.Select(i => i.Prediction.Probability)], [.. paired.Select(i => byPath[i.Record.Path])]);

string F(double x) => x.ToString("0.000", CultureInfo.InvariantCulture);
RocPlotSeries Series((string Name, ModelEvaluation Evaluation) m) => new(
    $"{m.Name}: AUROC {F(m.Evaluation.Report.Auroc)} ({F(m.Evaluation.Report.DeLong.Interval.Lower)}–{F(m.Evaluation.Report.DeLong.Interval.Upper)})",
    m.Evaluation.Curve.Points.Select(p => p.FalsePositiveRate).ToList(),
    m.Evaluation.Curve.Points.Select(p => p.TruePositiveRate).ToList());
var roc = RocPlot.RenderPng($"{joint.ToName()}: two heads, same {paired.Count} images", [Series(a), Series(b)]);
var verdict = comparison.PValue < 0.05
    ? $"The AUROCs differ (p = {comparison.PValue:0.000})."
    : $"No evidence that the AUROCs differ (p = {comparison.PValue:0.000}); with {paired.Count} images only a large difference could show.";

var document = new ReportDocument($"Two models, one test set ({joint.ToName()})")
    .Paragraph($"JointDislocation.ML {DislocationContext.LibraryVersion}; {train.Records.Count} training and {paired.Count} held-out phantoms; seed {Seed}.")
    .Table(["model", "AUROC", "95% CI (DeLong)"],
        [[a.Name, F(comparison.Auroc1), $"{F(a.Evaluation.Report.DeLong.Interval.Lower)}–{F(a.Evaluation.Report.DeLong.Interval.Upper)}"],
         [b.Name, F(comparison.Auroc2), $"{F(b.Evaluation.Report.DeLong.Interval.Lower)}–{F(b.Evaluation.Report.DeLong.Interval.Upper)}"]])
    .Table(["paired DeLong", "value"],
        [["difference A − B", F(comparison.Difference)], ["standard error", F(comparison.StandardError)], ["z", F(comparison.Z)], ["p (two-sided)", F(comparison.PValue)]])
    .Paragraph(verdict)
    .Figure(new ReportFigure("roc.png", "Both ROC curves on the same held-out phantoms", roc));
var html = Path.Combine(output, "report.html");
AtomicFile.WriteAllText(html, HtmlReportRenderer.Render(document));
AtomicFile.WriteAllBytes(Path.Combine(output, "roc.png"), roc);

Console.WriteLine($"A {a.Name}: AUROC {F(comparison.Auroc1)}; B {b.Name}: AUROC {F(comparison.Auroc2)}");
Console.WriteLine($"paired DeLong: difference {F(comparison.Difference)}, z {F(comparison.Z)}, p {F(comparison.PValue)} (n = {paired.Count})");
Console.WriteLine($"report: {html}");
