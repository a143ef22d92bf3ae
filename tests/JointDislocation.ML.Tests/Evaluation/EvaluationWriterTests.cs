using System.Text.Json;
using JointDislocation.ML.Data;
using JointDislocation.ML.Evaluation;
using JointDislocation.ML.Statistics;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Tests.Evaluation;

/// <summary><see cref="EvaluationWriter"/> on its own, without a model or the command line.</summary>
public class EvaluationWriterTests
{
    [Test]
    public void Writes_metrics_scores_and_roc_with_quoting_and_null_for_undefined_figures()
    {
        // One class only: AUROC, its standard error and the specificity are undefined and must be written as null.
        var evaluation = Evaluation(
            [("a,b.png", true, 0.9, 2.5), ("say \"hi\".png", true, 0.2, -1.25), ("c.png", true, 0.7, 0.5)],
            bootstrap: null,
            duplicates: ["a,b.png"],
            skipped: [new SkippedFile("/data/bad.png", "cannot be decoded")]);
        using var folder = new TemporaryDirectory("jdml-evaluation-writer");

        var metricsPath = EvaluationWriter.Write(folder.Combine("out"), evaluation, [new SkippedFile("/data/empty.png", "empty file")]);

        Assert.That(metricsPath, Is.EqualTo(folder.Combine("out", "metrics.json")));
        Assert.That(Directory.GetFiles(folder.Combine("out")).Select(Path.GetFileName), Is.EquivalentTo(new[] { "metrics.json", "scores.csv", "roc.csv" }));
        Assert.That(File.ReadAllText(folder.Combine("out", "scores.csv")), Is.EqualTo(
            "path,label,probability,rawScore,predicted\n" +
            "\"a,b.png\",dislocated,0.9,2.5,dislocated\n" +
            "\"say \"\"hi\"\".png\",dislocated,0.2,-1.25,located\n" +
            "c.png,dislocated,0.7,0.5,dislocated\n"));
        var roc = File.ReadAllLines(folder.Combine("out", "roc.csv"));
        Assert.That(roc[0], Is.EqualTo("threshold,falsePositiveRate,truePositiveRate"));
        Assert.That(roc[1], Does.StartWith("inf,"));
        Assert.That(roc, Has.Length.EqualTo(evaluation.Curve.Points.Count + 1));

        var text = File.ReadAllText(metricsPath);
        Assert.That(text, Does.EndWith("}\n").And.Not.Contain(": NaN").And.Not.Contain("\"NaN\"").And.Not.Contain("Infinity"));
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[]
        {
            "n", "positives", "negatives", "auroc", "delong", "bootstrap", "threshold", "sensitivity", "specificity", "ppv",
            "npv", "accuracy", "f1", "brier", "ece", "intervals", "confusion", "skipped", "leakageChecked", "duplicatesOfTraining", "warnings",
        }));
        Assert.That((root.GetProperty("n").GetInt32(), root.GetProperty("positives").GetInt32(), root.GetProperty("negatives").GetInt32()), Is.EqualTo((3, 3, 0)));
        Assert.That(root.GetProperty("auroc").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(root.GetProperty("delong").GetProperty("se").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(root.GetProperty("bootstrap").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(root.GetProperty("specificity").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(root.GetProperty("sensitivity").GetDouble(), Is.EqualTo(2.0 / 3));
        Assert.That(root.GetProperty("intervals").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "sensitivity", "specificity", "ppv", "npv", "accuracy", "f1" }));
        Assert.That(root.GetProperty("confusion").GetProperty("falseNegatives").GetInt32(), Is.EqualTo(1));
        Assert.That(root.GetProperty("skipped").EnumerateArray().Select(s => s.GetProperty("path").GetString()), Is.EqualTo(new[] { "/data/empty.png", "/data/bad.png" }));
        Assert.That(root.GetProperty("duplicatesOfTraining").EnumerateArray().Select(d => d.GetString()), Is.EqualTo(new[] { "a,b.png" }));
        Assert.That(root.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()), Has.Some.Contain("1 test image(s) are copies of training images"));
        Assert.That(text, Is.EqualTo(EvaluationWriter.FormatMetrics(evaluation, [new SkippedFile("/data/empty.png", "empty file")])));
    }

    [Test]
    public void A_bootstrap_interval_is_written_with_its_replicates_and_seed()
    {
        var evaluation = Evaluation(
            [("p1.png", true, 0.9, 1), ("p2.png", true, 0.4, 0), ("n1.png", false, 0.3, -1), ("n2.png", false, 0.6, 0.2)],
            new BootstrapOptions { Replicates = 50, Seed = 7 },
            duplicates: [],
            skipped: []);

        using var json = JsonDocument.Parse(EvaluationWriter.FormatMetrics(evaluation));

        var bootstrap = json.RootElement.GetProperty("bootstrap");
        Assert.That(bootstrap.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "lower", "upper", "replicates", "seed" }));
        Assert.That((bootstrap.GetProperty("replicates").GetInt32(), bootstrap.GetProperty("seed").GetInt32()), Is.EqualTo((50, 7)));
        Assert.That(json.RootElement.GetProperty("auroc").GetDouble(), Is.EqualTo(0.75));
        Assert.That(json.RootElement.GetProperty("warnings").GetArrayLength(), Is.EqualTo(evaluation.Report.Warnings.Count));
    }

    private static ModelEvaluation Evaluation(
        (string Path, bool Positive, double Probability, double Raw)[] rows,
        BootstrapOptions? bootstrap,
        IReadOnlyList<string> duplicates,
        IReadOnlyList<SkippedFile> skipped)
    {
        const double threshold = 0.5;
        var images = rows.Select(r => new ScoredImage(
            new RadiographRecord(r.Path, Joint.Hip, r.Positive ? "dislocated" : "located", r.Positive),
            new Prediction(r.Probability, r.Raw, r.Probability >= threshold ? "dislocated" : "located", threshold),
            new ImageFingerprint(r.Path, 0, null))).ToList();
        var labels = rows.Select(r => r.Positive).ToList();
        var scores = rows.Select(r => r.Probability).ToList();
        return new ModelEvaluation(
            images,
            RocStatistics.Evaluate(labels, scores, bootstrap: bootstrap),
            RocCurve.Compute(labels, scores),
            ConfusionMetrics.At(labels, scores, threshold),
            Calibration.Compute(labels, scores),
            duplicates,
            skipped);
    }
}
