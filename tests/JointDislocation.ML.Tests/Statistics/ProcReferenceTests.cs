using System.Text.Json;
using JointDislocation.ML.Statistics;

namespace JointDislocation.ML.Tests.Statistics;

/// <summary>AUROC, DeLong SE/CI and the DeLong tests against R's pROC 1.18 (direction "&lt;").</summary>
public class ProcReferenceTests
{
    private const double AurocTolerance = 1e-9;
    private const double DeLongTolerance = 1e-6;

    private static IEnumerable<string> Cases() => ReferenceData.CaseNames();

    [Test]
    public void Reference_file_comes_from_pROC_1_18_with_at_least_30_cases()
    {
        Assert.That(ReferenceData.Proc.GetProperty("pROC").GetString(), Does.StartWith("1.18."));
        Assert.That(ReferenceData.Proc.GetProperty("direction").GetString(), Is.EqualTo("<"));
        Assert.That(ReferenceData.Proc.GetProperty("cases").GetArrayLength(), Is.GreaterThanOrEqualTo(30));
        Assert.That(ReferenceData.CaseNames(), Has.Some.EqualTo("large_5000").And.Some.EqualTo("tiny_1v1_right").And.Some.EqualTo("tiny_2v3"));
    }

    [TestCaseSource(nameof(Cases))]
    public void Auroc_and_DeLong_match_pROC(string name)
    {
        var reference = ReferenceData.ProcCase(name);
        var (labels, score, score2) = ReferenceData.Case(name);

        AssertDeLong(DeLong.Compute(labels, score), DeLong.Compute(labels, score, 0.90), reference, "");
        AssertDeLong(DeLong.Compute(labels, score2), DeLong.Compute(labels, score2, 0.90), reference, "score2_");
        Assert.That(Auroc.Compute(labels, score), Is.EqualTo(ReferenceData.Number(reference, "auc")).Within(AurocTolerance));
    }

    [TestCaseSource(nameof(Cases))]
    public void Paired_test_matches_pROC(string name)
    {
        var reference = ReferenceData.ProcCase(name).GetProperty("paired");
        var (labels, score, score2) = ReferenceData.Case(name);

        var comparison = DeLong.ComparePaired(labels, score, score2);

        AssertTest(comparison, reference);
        Assert.That(comparison.Paired, Is.True);
    }

    [Test]
    public void Unpaired_tests_match_pROC()
    {
        var tests = ReferenceData.Proc.GetProperty("unpaired").EnumerateArray().ToList();
        Assert.That(tests, Has.Count.GreaterThanOrEqualTo(5));
        foreach (var reference in tests)
        {
            var a = ReferenceData.Case(reference.GetProperty("first").GetString()!);
            var b = ReferenceData.Case(reference.GetProperty("second").GetString()!);

            var comparison = DeLong.CompareUnpaired(a.Labels, a.Score, b.Labels, b.Score);
            var fromResults = DeLong.CompareUnpaired(DeLong.Compute(a.Labels, a.Score), DeLong.Compute(b.Labels, b.Score));

            AssertTest(comparison, reference);
            Assert.That(fromResults, Is.EqualTo(comparison));
            Assert.That(comparison.Paired, Is.False);
        }
    }

    private static void AssertDeLong(DeLongResult at95, DeLongResult at90, JsonElement reference, string prefix)
    {
        Assert.Multiple(() =>
        {
            Assert.That(at95.Auroc, Is.EqualTo(ReferenceData.Number(reference, prefix + "auc")).Within(AurocTolerance), prefix + "auc");
            Assert.That(at95.Positives, Is.EqualTo(reference.GetProperty("positives").GetInt32()));
            Assert.That(at95.Negatives, Is.EqualTo(reference.GetProperty("negatives").GetInt32()));
            AssertClose(at95.Variance, ReferenceData.Number(reference, prefix + "variance"), prefix + "variance");
            AssertClose(at95.StandardError, ReferenceData.Number(reference, prefix + "se"), prefix + "se");
            AssertClose(at95.Interval.Lower, ReferenceData.Number(reference, prefix + "lower95"), prefix + "lower95");
            AssertClose(at95.Interval.Upper, ReferenceData.Number(reference, prefix + "upper95"), prefix + "upper95");
            AssertClose(at90.Interval.Lower, ReferenceData.Number(reference, prefix + "lower90"), prefix + "lower90");
            AssertClose(at90.Interval.Upper, ReferenceData.Number(reference, prefix + "upper90"), prefix + "upper90");
        });
    }

    private static void AssertTest(RocComparison comparison, JsonElement reference)
    {
        var z = ReferenceData.Number(reference, "z");
        var p = ReferenceData.Number(reference, "pValue");
        if (double.IsNaN(z) && !double.IsNaN(p))
        {
            // pROC's Z was ±Inf (a difference with zero variance), which its JSON writer could only put as null.
            Assert.That(double.IsInfinity(comparison.Z), Is.True, $"Z = {comparison.Z}, pROC had an infinite Z");
        }
        else
        {
            AssertClose(comparison.Z, z, "z");
        }

        AssertClose(comparison.PValue, p, "pValue");
        Assert.That(comparison.Difference, Is.EqualTo(comparison.Auroc1 - comparison.Auroc2));
    }

    private static void AssertClose(double actual, double expected, string what)
    {
        if (double.IsNaN(expected))
        {
            Assert.That(actual, Is.NaN, what);
        }
        else
        {
            Assert.That(actual, Is.EqualTo(expected).Within(DeLongTolerance), what);
        }
    }
}
