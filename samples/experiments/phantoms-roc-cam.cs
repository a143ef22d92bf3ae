#:package JointDislocation.ML@0.1.0
#:property PublishAot=false
// Experiment: phantoms → train one joint → ROC of a held-out set with its intervals → CAM gallery.
// Run from this folder: dotnet run phantoms-roc-cam.cs   (writes runs/phantoms-roc-cam/report.html)
// The package comes from the repository's local feed (artifacts/packages, named in the repository's nuget.config):
// dotnet pack src/JointDislocation.ML -c Release first. PublishAot=false: file-based apps default to native AOT, whose
// "no dynamic code" switch ML.NET's trainers cannot run under. Sizes are tiny on purpose; raise them for real numbers.
using System.Globalization;
using JointDislocation.ML;
using JointDislocation.ML.Augmentation;
using JointDislocation.ML.Data;
using JointDislocation.ML.Evaluation;
using JointDislocation.ML.Phantoms;
using JointDislocation.ML.Reporting;
using JointDislocation.ML.Saliency;
using JointDislocation.ML.Statistics;
using JointDislocation.ML.Training;

const int TrainPerClass = 12, TestPerClass = 8, Seed = 7;
var joint = Joint.Elbow;
var context = new DislocationContext(Seed);
var output = Path.GetFullPath(Path.Combine("runs", "phantoms-roc-cam"));
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

var result = await context.Training().ForJoint(joint).WithData(train)
    .WithHeads(HeadKind.LogisticRegression, HeadKind.LinearSvm).WithAugmentation(AugmentationMode.None).WithCrossValidation(3)
    .Build().RunAsync();
var evaluation = await ModelEvaluator.EvaluateAsync(result.Model, test.Records, new BootstrapOptions { Replicates = 500, Seed = Seed });
var report = evaluation.Report;

string F(double x) => x.ToString("0.000", CultureInfo.InvariantCulture);
var legend = $"AUROC {F(report.Auroc)} ({F(report.DeLong.Interval.Lower)}–{F(report.DeLong.Interval.Upper)}), n = {report.Count}";
var roc = RocPlot.RenderPng($"{joint.ToName()}: {result.Selected.Name}",
    [new RocPlotSeries(legend,
        evaluation.Curve.Points.Select(p => p.FalsePositiveRate).ToList(),
        evaluation.Curve.Points.Select(p => p.TruePositiveRate).ToList(),
        (1 - evaluation.AtThreshold.Specificity.Estimate, evaluation.AtThreshold.Sensitivity.Estimate))]);

// A CAM for each held-out dislocation (the selected heads are linear, so the map is exact).
var overlay = new SaliencyOverlay(new SaliencyOverlayOptions { TileSize = 224 });
var gallery = new List<ReportFigure>();
var scores = new List<SaliencyScoreResult>();
foreach (var record in test.Records.Where(r => r.IsPositive).Take(4))
{
    var image = RadiographDecoder.Decode(record.Path);
    var explanation = ModelExplainer.ClassActivationMap(result.Model, image);
    scores.Add(SaliencyScores.Compute(explanation.Map, record.RegionOfInterest, record.Artifacts));
    var panel = new SaliencyPanel(image, explanation.Map, Path.GetFileName(record.Path), record.Label, explanation.Prediction.Probability, record.RegionOfInterest, record.Artifacts);
    gallery.Add(new ReportFigure(Path.GetFileNameWithoutExtension(record.Path) + "-cam.png", $"{Path.GetFileName(record.Path)}: p = {explanation.Prediction.Probability:0.00}", overlay.RenderPanelPng(panel)));
}

var saliency = SaliencyScores.Summarize(scores);
var document = new ReportDocument($"Phantoms → ROC → CAM ({joint.ToName()})")
    .Paragraph($"JointDislocation.ML {DislocationContext.LibraryVersion}; {train.Records.Count} training and {test.Records.Count} held-out phantoms; seed {Seed}.")
    .Table(["candidate", "CV AUROC", "95% CI (DeLong)", "selected"],
        [.. result.Candidates.Select(c => (IReadOnlyList<string>)[c.Name, F(c.CvAuroc), $"{F(c.CvLower)}–{F(c.CvUpper)}", c == result.Selected ? "yes" : ""])],
        "Cross-validated candidates on the training phantoms")
    .Table(["held-out", "value", "95% interval"],
        [
            ["AUROC (DeLong)", F(report.Auroc), $"{F(report.DeLong.Interval.Lower)}–{F(report.DeLong.Interval.Upper)}"],
            ["AUROC (bootstrap)", F(report.Auroc), $"{F(report.Bootstrap!.Interval.Lower)}–{F(report.Bootstrap.Interval.Upper)}"],
            ["sensitivity", F(evaluation.AtThreshold.Sensitivity.Estimate), $"{F(evaluation.AtThreshold.Sensitivity.Interval.Lower)}–{F(evaluation.AtThreshold.Sensitivity.Interval.Upper)}"],
            ["specificity", F(evaluation.AtThreshold.Specificity.Estimate), $"{F(evaluation.AtThreshold.Specificity.Interval.Lower)}–{F(evaluation.AtThreshold.Specificity.Interval.Upper)}"],
        ])
    .Figure(new ReportFigure("roc.png", "ROC of the held-out phantoms; the dot is the threshold chosen on out-of-fold training scores", roc))
    .Gallery($"Class activation maps; pointing game {F(saliency.HitRate ?? 0)} over {scores.Count} images", gallery);
var html = Path.Combine(output, "report.html");
AtomicFile.WriteAllText(html, HtmlReportRenderer.Render(document));
AtomicFile.WriteAllBytes(Path.Combine(output, "roc.png"), roc);

Console.WriteLine($"selected {result.Selected.Name}: CV AUROC {F(result.Selected.CvAuroc)}");
Console.WriteLine($"held-out AUROC {F(report.Auroc)} (95% CI DeLong {F(report.DeLong.Interval.Lower)}–{F(report.DeLong.Interval.Upper)}), n = {report.Count}");
Console.WriteLine($"CAM pointing game {F(saliency.HitRate ?? 0)} over {scores.Count} images");
Console.WriteLine($"report: {html}");
