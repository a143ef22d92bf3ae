using System.Diagnostics;
using JointDislocation.ML.Statistics;

namespace JointDislocation.ML.Tests.Statistics;

/// <summary>
/// What a merge of very many scores costs in statistics: DeLong, the ROC curve and the bootstrap on synthetic scores
/// of growing size, for the paper model in docs/scale-out.md. Explicit: a measurement, not a check —
/// <c>dotnet test tests/JointDislocation.ML.Tests -c Release --filter Name=Statistics_cost_of_merging_many_scores --logger "console;verbosity=detailed"</c>.
/// </summary>
public class MergeCostMeasurement
{
    [Test]
    [Explicit("A measurement for docs/scale-out.md")]
    public void Statistics_cost_of_merging_many_scores()
    {
        foreach (var n in new[] { 100_000, 1_000_000, 3_000_000 })
        {
            var (labels, scores) = Synthetic(n);
            DeLong.Compute(labels, scores);
            var watch = Stopwatch.StartNew();
            var result = DeLong.Compute(labels, scores);
            var delong = watch.Elapsed.TotalSeconds;
            watch.Restart();
            var curve = RocCurve.Compute(labels, scores);
            var roc = watch.Elapsed.TotalSeconds;
            TestContext.Out.WriteLine(FormattableString.Invariant($"n={n} delong={delong:0.000}s roc={roc:0.000}s auroc={result.Auroc:0.0000} points={curve.Points.Count}"));
            Assert.That(result.Auroc, Is.InRange(0.5, 1.0));
        }

        var (l, s) = Synthetic(100_000);
        var timer = Stopwatch.StartNew();
        RocStatistics.Evaluate(l, s, 0.95, new BootstrapOptions { Replicates = 20, Seed = 1 });
        TestContext.Out.WriteLine(FormattableString.Invariant($"n=100000 report with 20 bootstrap replicates={timer.Elapsed.TotalSeconds:0.000}s"));
    }

    private static (bool[] Labels, double[] Scores) Synthetic(int n)
    {
        var random = new DeterministicRandom(7);
        var labels = new bool[n];
        var scores = new double[n];
        for (var i = 0; i < n; i++)
        {
            labels[i] = random.Chance(0.3);
            scores[i] = random.NextDouble() + (labels[i] ? 0.3 : 0.0);
        }

        return (labels, scores);
    }
}
