using JointDislocation.ML.Statistics;

namespace JointDislocation.ML.Tests.Statistics;

public class BootstrapCiTests
{
    [Test]
    public void Same_seed_gives_the_same_result_whatever_the_thread_count()
    {
        var (labels, scores, _) = ReferenceData.Case("normal_d05_100v100");

        var single = BootstrapCi.Compute(labels, scores, new BootstrapOptions { Replicates = 500, Seed = 7, MaxDegreeOfParallelism = 1 });
        var many = BootstrapCi.Compute(labels, scores, new BootstrapOptions { Replicates = 500, Seed = 7, MaxDegreeOfParallelism = 4 });
        var other = BootstrapCi.Compute(labels, scores, new BootstrapOptions { Replicates = 500, Seed = 8 });

        Assert.That(many.Estimates, Is.EqualTo(single.Estimates));
        Assert.That(many.Interval, Is.EqualTo(single.Interval));
        Assert.That(other.Estimates, Is.Not.EqualTo(single.Estimates));
        Assert.That(single.Replicates, Is.EqualTo(500));
        Assert.That(single.Seed, Is.EqualTo(7));
    }

    [Test]
    public void Percentile_interval_agrees_with_DeLong_on_a_large_set()
    {
        var (labels, scores, _) = ReferenceData.Case("large_5000");

        var bootstrap = BootstrapCi.Compute(labels, scores, new BootstrapOptions { Replicates = 400 });
        var delong = DeLong.Compute(labels, scores);

        // Both estimate the same sampling spread; with 400 replicates the bounds agree to a few thousandths.
        Assert.That(bootstrap.Interval.Lower, Is.EqualTo(delong.Interval.Lower).Within(0.004));
        Assert.That(bootstrap.Interval.Upper, Is.EqualTo(delong.Interval.Upper).Within(0.004));
        Assert.That(bootstrap.Interval.Contains(delong.Auroc), Is.True);
    }

    [Test]
    public void Replicates_are_stratified_so_every_one_has_both_classes()
    {
        var (labels, scores, _) = ReferenceData.Case("imbalance_2v500");

        var bootstrap = BootstrapCi.Compute(labels, scores, new BootstrapOptions { Replicates = 300 });

        Assert.That(bootstrap.Estimates, Has.All.Not.NaN);
    }

    [Test]
    public void Perfect_separation_gives_a_degenerate_interval_at_one()
    {
        var (labels, scores, _) = ReferenceData.Case("perfect_separation");

        var bootstrap = BootstrapCi.Compute(labels, scores, new BootstrapOptions { Replicates = 100 });

        Assert.That(bootstrap.Interval.Lower, Is.EqualTo(1));
        Assert.That(bootstrap.Interval.Upper, Is.EqualTo(1));
    }

    [Test]
    public void Percentile_uses_R_quantile_type_7()
    {
        double[] sorted = [1, 2, 3, 4, 10];

        Assert.That(BootstrapCi.Quantile(sorted, 0.025), Is.EqualTo(1.1).Within(1e-12));
        Assert.That(BootstrapCi.Quantile(sorted, 0.975), Is.EqualTo(9.4).Within(1e-12));
    }

    [Test]
    public void Options_have_documented_defaults_and_report_every_problem_at_once()
    {
        var defaults = new BootstrapOptions();
        Assert.That(defaults.Replicates, Is.EqualTo(2000));
        Assert.That(defaults.Seed, Is.EqualTo(42));
        Assert.That(defaults.Level, Is.EqualTo(0.95));
        Assert.That(defaults.MaxDegreeOfParallelism, Is.EqualTo(-1));

        var exception = Assert.Throws<ArgumentException>(
            () => new BootstrapOptions { Replicates = 0, Level = 1.5, MaxDegreeOfParallelism = 0 }.Validate());
        Assert.That(exception!.Message, Does.Contain("Replicates").And.Contain("Level").And.Contain("MaxDegreeOfParallelism"));
    }

    [Test]
    public void Cancellation_stops_the_replicates()
    {
        var (labels, scores, _) = ReferenceData.Case("large_5000");
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.That(
            () => BootstrapCi.Compute(labels, scores, new BootstrapOptions { Replicates = 100_000 }, cancellation.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }
}
