using JointDislocation.ML.Statistics;

namespace JointDislocation.ML.Tests.Statistics;

/// <summary>ROC curve points, thresholds, AUROC and calibration against scikit-learn.</summary>
public class SklearnReferenceTests
{
    private static IEnumerable<string> Cases() => ReferenceData.CaseNames();

    [TestCaseSource(nameof(Cases))]
    public void Curve_and_auroc_match_scikit_learn(string name)
    {
        var reference = ReferenceData.SklearnCase(name);
        var (labels, score, _) = ReferenceData.Case(name);

        var curve = RocCurve.Compute(labels, score);

        var fpr = reference.GetProperty("fpr").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var tpr = reference.GetProperty("tpr").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var thresholds = reference.GetProperty("thresholds").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.That(curve.Points, Has.Count.EqualTo(fpr.Length));
        Assert.That(curve.Points[0].Threshold, Is.EqualTo(double.PositiveInfinity), "scikit-learn ≥ 1.3 convention: the first threshold is +inf");
        Assert.Multiple(() =>
        {
            for (var i = 0; i < fpr.Length; i++)
            {
                Assert.That(curve.Points[i].FalsePositiveRate, Is.EqualTo(fpr[i]).Within(1e-12), $"fpr[{i}]");
                Assert.That(curve.Points[i].TruePositiveRate, Is.EqualTo(tpr[i]).Within(1e-12), $"tpr[{i}]");
                if (i > 0)
                {
                    Assert.That(curve.Points[i].Threshold, Is.EqualTo(thresholds[i]), $"threshold[{i}]");
                }
            }

            Assert.That(curve.Area, Is.EqualTo(reference.GetProperty("auc").GetDouble()).Within(1e-9));
            Assert.That(Auroc.Compute(labels, score), Is.EqualTo(reference.GetProperty("auc").GetDouble()).Within(1e-9));
        });
    }

    [Test]
    public void Calibration_matches_scikit_learn()
    {
        var references = ReferenceData.Sklearn.GetProperty("calibration").EnumerateArray().ToList();
        Assert.That(references, Is.Not.Empty);
        foreach (var reference in references)
        {
            var (labels, score, _) = ReferenceData.Case(reference.GetProperty("name").GetString()!);

            var result = Calibration.Compute(labels, score);

            var nonEmpty = result.Bins.Where(b => b.Count > 0).ToList();
            var observed = reference.GetProperty("observed").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var predicted = reference.GetProperty("predicted").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var counts = reference.GetProperty("counts").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            Assert.Multiple(() =>
            {
                Assert.That(result.BrierScore, Is.EqualTo(reference.GetProperty("brier").GetDouble()).Within(1e-12));
                Assert.That(result.ExpectedCalibrationError, Is.EqualTo(reference.GetProperty("ece").GetDouble()).Within(1e-12));
                Assert.That(result.Bins.Select(b => b.Count), Is.EqualTo(counts));
                Assert.That(nonEmpty.Select(b => b.ObservedFrequency), Is.EqualTo(observed).Within(1e-12));
                Assert.That(nonEmpty.Select(b => b.MeanPredicted), Is.EqualTo(predicted).Within(1e-12));
            });
        }
    }
}
