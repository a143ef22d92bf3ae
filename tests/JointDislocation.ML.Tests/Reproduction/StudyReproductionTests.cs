using System.Text.Json;
using JointDislocation.ML.Reproduction;
using JointDislocation.ML.Statistics;
using JointDislocation.ML.Tests.Training;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Tests.Reproduction;

public class StudyReproductionTests
{
    // A small, fast run: the grid backbone instead of ResNet18, few phantoms, linear heads (LightGBM cannot grow a
    // tree from 8 images a fold); the protocol is the same.
    private static ReproductionOptions Small(string folder) => new ReproductionOptions
    {
        OutputDirectory = folder,
        Joints = [Joint.Elbow],
        InternetPerClass = 10,
        HospitalPerClass = 8,
        Backbone = new GridBackbone(),
        GalleryPerGroup = 1,
        Seed = 5,
    }.AsQuick() with { Folds = 2, Heads = [HeadKind.LogisticRegression, HeadKind.LinearSvm] };

    [Test]
    public async Task A_run_writes_results_and_reports_and_keeps_test_images_out_of_training()
    {
        using var folder = new TemporaryDirectory("jdml-repro");
        var progress = new List<ReproductionProgress>();

        var result = await new StudyReproduction(Small(folder.Path)).RunAsync(new SyncProgress(progress.Add));

        var joint = result.Joints.Single();
        Assert.That(joint.Joint, Is.EqualTo(Joint.Elbow));
        Assert.That(joint.Training.Records, Has.Count.EqualTo(16));
        Assert.That(joint.Internal.Report.Count, Is.EqualTo(4));
        Assert.That(joint.External.Report.Count, Is.EqualTo(16));
        Assert.That(joint.Training.Records.Select(r => r.Path).Intersect(joint.Internal.Images.Select(i => i.Record.Path)), Is.Empty);
        Assert.That(joint.Training.Records.All(r => r.Style == "internet"), Is.True);
        Assert.That(joint.External.Images.All(i => i.Record.Style == "hospital"), Is.True);
        Assert.That(joint.Training.Candidates.Select(c => c.Name), Is.EqualTo(new[] { "logreg+static:2", "svm+static:2" }), "every candidate is augmented, as in the study");
        Assert.That(joint.External.AtThreshold.Threshold, Is.EqualTo(joint.Training.Threshold.Threshold));
        Assert.That(joint.Paper, Is.EqualTo(StudyAuroc.For(Joint.Elbow)));
        Assert.That(joint.Cam.Model, Does.StartWith("logreg+").Or.StartWith("svm+").Or.StartWith("sdca+"), "the CAM model must be linear");

        Assert.That(File.Exists(result.ResultsPath) && File.Exists(result.MarkdownPath) && File.Exists(result.HtmlPath), Is.True);
        Assert.That(File.Exists(folder.Combine("figures", "roc-elbow.png")), Is.True);
        Assert.That(File.Exists(folder.Combine("data", "internet", "manifest.csv")) && File.Exists(folder.Combine("data", "hospital", "manifest.csv")), Is.True);
        var markdown = await File.ReadAllTextAsync(result.MarkdownPath);
        Assert.That(markdown, Does.Contain("Every image in this report is synthetic"));
        Assert.That(markdown, Does.Contain("![ROC curves of the selected model for elbow"));
        Assert.That(markdown, Does.Contain("logreg, svm"), "the methods paragraph names the heads used");
        Assert.That(markdown, Does.Contain("2-fold cross-validated AUROC"));
        Assert.That(progress.Select(p => p.Stage), Does.Contain("elbow: cross-validate"));

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(result.ResultsPath));
        var entry = json.RootElement.GetProperty("joints")[0];
        Assert.That(json.RootElement.GetProperty("seed").GetInt32(), Is.EqualTo(5));
        Assert.That(entry.GetProperty("selected").GetString(), Is.EqualTo(joint.Selected));
        Assert.That(entry.GetProperty("internal").GetProperty("n").GetInt32(), Is.EqualTo(4));
        Assert.That(entry.GetProperty("external").GetProperty("auroc").GetDouble(), Is.EqualTo(joint.External.Report.Auroc));
        Assert.That(entry.GetProperty("paper").GetProperty("external").GetDouble(), Is.EqualTo(0.998));
    }

    [Test]
    public async Task The_same_seed_gives_the_same_results()
    {
        using var first = new TemporaryDirectory("jdml-repro-a");
        using var second = new TemporaryDirectory("jdml-repro-b");

        var a = await new StudyReproduction(Small(first.Path)).RunAsync();
        var b = await new StudyReproduction(Small(second.Path)).RunAsync();

        Assert.That(Stable(a.ResultsPath), Is.EqualTo(Stable(b.ResultsPath)));
        Assert.That(File.ReadAllBytes(first.Combine("figures", "roc-elbow.png")), Is.EqualTo(File.ReadAllBytes(second.Combine("figures", "roc-elbow.png"))));
    }

    // results.json differs between runs only in its timings.
    private static string Stable(string path) =>
        string.Join('\n', File.ReadAllLines(path).Where(l => !l.Contains("\"elapsedSeconds\"", StringComparison.Ordinal) && !l.Contains("\"seconds\"", StringComparison.Ordinal)));

    private sealed class SyncProgress(Action<ReproductionProgress> report) : IProgress<ReproductionProgress>
    {
        public void Report(ReproductionProgress value)
        {
            lock (this)
            {
                report(value);
            }
        }
    }
}
