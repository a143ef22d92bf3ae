using JointDislocation.ML.Statistics;

namespace JointDislocation.ML.Tests.Statistics;

public class AurocTests
{
    [Test]
    public void Equals_the_brute_force_Mann_Whitney_count_with_ties()
    {
        var random = new Random(5);
        for (var trial = 0; trial < 50; trial++)
        {
            var n = random.Next(2, 80);
            var labels = Enumerable.Range(0, n).Select(_ => random.Next(2) == 1).ToArray();
            var scores = Enumerable.Range(0, n).Select(_ => (double)random.Next(6)).ToArray();
            var positives = Enumerable.Range(0, n).Where(i => labels[i]).ToList();
            var negatives = Enumerable.Range(0, n).Where(i => !labels[i]).ToList();
            var wins = positives.Sum(i => negatives.Sum(j => scores[i] > scores[j] ? 1.0 : scores[i] == scores[j] ? 0.5 : 0.0));
            var expected = positives.Count == 0 || negatives.Count == 0 ? double.NaN : wins / (positives.Count * negatives.Count);

            Assert.That(Auroc.Compute(labels, scores), Is.EqualTo(expected).Within(1e-12));
            if (!double.IsNaN(expected))
            {
                Assert.That(RocCurve.Compute(labels, scores).Area, Is.EqualTo(expected).Within(1e-12));
            }
        }
    }

    [Test]
    public void One_class_only_gives_NaN_and_a_warning_not_an_exception()
    {
        bool[] labels = [true, true, true];
        double[] scores = [0.1, 0.5, 0.9];

        var report = RocStatistics.Evaluate(labels, scores, bootstrap: new BootstrapOptions { Replicates = 20 });

        Assert.That(report.Auroc, Is.NaN);
        Assert.That(report.DeLong.StandardError, Is.NaN);
        Assert.That(report.DeLong.Interval.Lower, Is.NaN);
        Assert.That(report.Bootstrap!.Interval.Upper, Is.NaN);
        Assert.That(report.Warnings, Has.Count.EqualTo(1).And.Some.Contains("no negative cases"));
        Assert.That(Auroc.Compute([false, false], [1.0, 2.0]), Is.NaN);
        Assert.That(Auroc.Compute([], []), Is.NaN);
    }

    [Test]
    public void All_scores_tied_give_one_half_with_a_warning()
    {
        bool[] labels = [true, false, true, false, false];
        double[] scores = [3, 3, 3, 3, 3];

        var report = RocStatistics.Evaluate(labels, scores);

        Assert.That(report.Auroc, Is.EqualTo(0.5));
        Assert.That(report.DeLong.StandardError, Is.Zero);
        Assert.That(report.Warnings, Has.Some.Contains("tied"));
    }

    [Test]
    public void A_single_case_in_a_class_has_no_DeLong_variance_and_says_so()
    {
        var report = RocStatistics.Evaluate([true, false, false], [0.9, 0.1, 0.2]);

        Assert.That(report.Auroc, Is.EqualTo(1));
        Assert.That(report.DeLong.Variance, Is.NaN);
        Assert.That(report.Warnings, Has.Some.Contains("only one positive"));
    }

    [TestCase(double.NaN, "NaN")]
    [TestCase(double.PositiveInfinity, "+infinity")]
    [TestCase(double.NegativeInfinity, "-infinity")]
    public void A_score_that_is_not_finite_is_an_error_naming_its_row(double bad, string word)
    {
        bool[] labels = [true, false, true, false];
        double[] scores = [0.1, 0.2, bad, 0.4];

        var exception = Assert.Throws<ArgumentException>(() => Auroc.Compute(labels, scores));

        Assert.That(exception!.Message, Does.Contain("index 2 (row 3)").And.Contain(word));
        Assert.Throws<ArgumentException>(() => DeLong.Compute(labels, scores));
        Assert.Throws<ArgumentException>(() => RocCurve.Compute(labels, scores));
        Assert.Throws<ArgumentException>(() => BootstrapCi.Compute(labels, scores));
        Assert.Throws<ArgumentException>(() => RocStatistics.Evaluate(labels, scores));
    }

    [Test]
    public void Mismatched_lengths_and_nulls_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Auroc.Compute([true, false], [0.5]));
        Assert.Throws<ArgumentNullException>(() => Auroc.Compute(null!, [0.5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => DeLong.Compute([true, false], [1.0, 0.0], level: 1));
    }

    [Test]
    public void Higher_scores_mean_positive_and_the_direction_is_never_flipped()
    {
        Assert.That(Auroc.Compute([true, true, false, false], [0.1, 0.2, 0.8, 0.9]), Is.Zero);
    }

    [Test]
    public void Roc_curve_follows_scikit_learn_conventions()
    {
        var curve = RocCurve.Compute([true, false, true, false], [0.8, 0.8, 0.4, 0.1]);

        Assert.That(curve.Points.Select(p => p.Threshold), Is.EqualTo(new[] { double.PositiveInfinity, 0.8, 0.4, 0.1 }));
        Assert.That(curve.Points.Select(p => p.TruePositiveRate), Is.EqualTo(new[] { 0, 0.5, 1, 1 }));
        Assert.That(curve.Points.Select(p => p.FalsePositiveRate), Is.EqualTo(new[] { 0, 0.5, 0.5, 1 }));
        Assert.That(curve.Area, Is.EqualTo(0.625));
    }

    [Test]
    public void Paired_comparison_of_identical_scores_is_Z_0_p_1()
    {
        bool[] labels = [true, false, true, false, true];
        double[] scores = [0.9, 0.3, 0.2, 0.5, 0.7];

        var comparison = RocStatistics.ComparePaired(labels, scores, scores);

        Assert.That(comparison.Z, Is.Zero);
        Assert.That(comparison.PValue, Is.EqualTo(1));
        Assert.That(comparison.DegreesOfFreedom, Is.EqualTo(double.PositiveInfinity));
    }
}
