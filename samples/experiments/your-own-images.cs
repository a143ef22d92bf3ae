#:package JointDislocation.ML@0.1.0
#:property PublishAot=false
// Experiment: your own images. A labelled folder in (root/<label>/* or root/<joint>/<label>/*, or a manifest CSV),
// a report out: what was read and skipped, the cross-validated candidates with their intervals, and saliency overlays.
// Run from this folder: dotnet run your-own-images.cs -- /path/to/folder   (writes runs/your-own-images/report.html)
// Without a folder it makes a small phantom folder first, so it runs out of the box. Labels: dislocated / located.
// PublishAot=false: file-based apps default to native AOT, whose "no dynamic code" switch ML.NET's trainers cannot run under.
using System.Globalization;
using JointDislocation.ML;
using JointDislocation.ML.Augmentation;
using JointDislocation.ML.Data;
using JointDislocation.ML.Phantoms;
using JointDislocation.ML.Reporting;
using JointDislocation.ML.Saliency;
using JointDislocation.ML.Training;

const int Seed = 11;
var output = Path.GetFullPath(Path.Combine("runs", "your-own-images"));
Directory.CreateDirectory(output);
var input = args.Length > 0 ? Path.GetFullPath(args[0]) : null;
if (input is null)
{
    input = Path.Combine(output, "example-folder");
    await PhantomSetWriter.WriteAsync(new PhantomSetOptions
    {
        OutputDirectory = input, Joints = [Joint.Shoulder], PerClass = 12, Style = PhantomStyle.Hospital, Seed = Seed,
    });
    Console.WriteLine($"no folder given: made {input} (24 shoulder phantoms)");
}

RadiographDataset data;
try
{
    data = RadiographDataset.Load(input);
}
catch (InvalidInputException e)
{
    Console.Error.WriteLine($"cannot read {input}: {e.Message}");
    return 2;
}

string F(double x) => x.ToString("0.000", CultureInfo.InvariantCulture);
Console.WriteLine($"read {data.Records.Count} images ({data.PositiveCount} {data.PositiveLabel}, {data.NegativeCount} {data.NegativeLabel}), skipped {data.Skipped.Count}");
if (data.PositiveCount < 3 || data.NegativeCount < 3)
{
    Console.Error.WriteLine($"need at least 3 images of each label ('{data.PositiveLabel}', '{data.NegativeLabel}') to cross-validate");
    return 2;
}

var context = new DislocationContext(Seed);
var builder = context.Training().WithData(data)
    .WithHeads(HeadKind.LogisticRegression, HeadKind.LinearSvm).WithAugmentation(AugmentationMode.None).WithCrossValidation(3);
if (data.Joints.Count == 1)
{
    builder = builder.ForJoint(data.Joints[0]);
}

var result = await builder.Build().RunAsync();
var overlays = Path.Combine(output, "overlays");
var explained = await ModelExplainer.ExplainAsync(result.Model, [.. data.Records.Where(r => r.IsPositive).Take(4)], SaliencyMethod.Cam, overlays);
var modelPath = Path.Combine(output, "model.jdml");
result.Model.Save(modelPath);

var document = new ReportDocument($"Your own images: {Path.GetFileName(input)}")
    .Paragraph($"JointDislocation.ML {DislocationContext.LibraryVersion}; folder {input}; seed {Seed}.")
    .Table(["label", "images"], [[data.PositiveLabel, data.PositiveCount.ToString(CultureInfo.InvariantCulture)], [data.NegativeLabel, data.NegativeCount.ToString(CultureInfo.InvariantCulture)], ["skipped", data.Skipped.Count.ToString(CultureInfo.InvariantCulture)]], "What was read")
    .Table(["candidate", "CV AUROC", "95% CI (DeLong)", "selected"],
        [.. result.Candidates.Select(c => (IReadOnlyList<string>)[c.Name, F(c.CvAuroc), $"{F(c.CvLower)}–{F(c.CvUpper)}", c == result.Selected ? "yes" : ""])],
        "Cross-validated candidates (3 folds); the selected one is refitted on all images and saved as model.jdml")
    .Gallery("Class activation maps of some positive images",
        [.. explained.Images.Select(e => new ReportFigure(Path.GetFileName(e.OverlayPath!), $"{Path.GetFileName(e.Record.Path)}: p = {e.Prediction.Probability:0.00}", File.ReadAllBytes(e.OverlayPath!)))]);
if (data.Skipped.Count > 0)
{
    document.Table(["file", "reason"], [.. data.Skipped.Take(20).Select(s => (IReadOnlyList<string>)[s.Path, s.Reason])], "Skipped files (first 20)");
}

if (result.Selected.CvLower < 0.5)
{
    document.Note("The selected candidate's interval reaches below 0.5: with this many images the model may be no better than chance.");
}

var html = Path.Combine(output, "report.html");
AtomicFile.WriteAllText(html, HtmlReportRenderer.Render(document));
Console.WriteLine($"selected {result.Selected.Name}: CV AUROC {F(result.Selected.CvAuroc)} (95% CI {F(result.Selected.CvLower)}–{F(result.Selected.CvUpper)})");
Console.WriteLine($"{explained.Images.Count} overlays in {overlays}");
Console.WriteLine($"report: {html}");
return 0;
