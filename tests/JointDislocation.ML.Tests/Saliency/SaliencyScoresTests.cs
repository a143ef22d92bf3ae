using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;
using JointDislocation.ML.Saliency;

namespace JointDislocation.ML.Tests.Saliency;

public class SaliencyScoresTests
{
    private static readonly PixelBox Roi = new(40, 40, 30, 20);
    private static readonly PixelBox Marker = new(5, 5, 10, 10);

    [Test]
    public void Pointing_game_hits_when_the_peak_lies_in_the_roi()
    {
        var map = SyntheticRadiograph.Bump(100, 80, 55, 50, 6).ToMap();

        var scores = SaliencyScores.Compute(map, Roi, []);

        Assert.That(scores.PeakX, Is.EqualTo(54));
        Assert.That(scores.PeakY, Is.EqualTo(49));
        Assert.That(scores.Hit, Is.True);
        Assert.That(scores.RoiEnergy, Is.GreaterThan(0.8));
        Assert.That(scores.ArtifactEnergy, Is.Zero);
        Assert.That(scores.ShortcutWarning, Is.False);
    }

    [Test]
    public void Pointing_game_misses_when_the_peak_lies_outside_and_tolerance_can_forgive_a_near_miss()
    {
        var map = SyntheticRadiograph.Bump(100, 80, 75.5, 50, 4).ToMap(); // peak pixel 75, five px right of the box

        Assert.That(SaliencyScores.Compute(map, Roi, null).Hit, Is.False);
        Assert.That(SaliencyScores.Compute(map, Roi, null, new SaliencyScoreOptions { PointingTolerance = 6 }).Hit, Is.True);
    }

    [Test]
    public void Without_an_roi_or_artefact_list_those_scores_are_unknown()
    {
        var scores = SaliencyScores.Compute(SyntheticRadiograph.Bump(50, 50, 25, 25, 5).ToMap(), null, null);

        Assert.That(scores.Hit, Is.Null);
        Assert.That(scores.RoiEnergy, Is.Null);
        Assert.That(scores.RoiAreaShare, Is.Null);
        Assert.That(scores.ArtifactEnergy, Is.Null);
        Assert.That(scores.ArtifactAreaShare, Is.Null);
        Assert.That(scores.ShortcutWarning, Is.False);
    }

    [Test]
    public void A_flat_map_gives_each_box_its_area_share_and_negative_values_carry_no_energy()
    {
        var values = Enumerable.Repeat(1f, 100 * 80).ToArray();
        values[0] = -50; // inside the marker; negative evidence is not energy
        var map = new SaliencyMap(100, 80, values);

        var scores = SaliencyScores.Compute(map, Roi, [Marker]);

        var total = (100 * 80) - 1.0;
        Assert.That(scores.RoiEnergy, Is.EqualTo(600 / total).Within(1e-12));
        Assert.That(scores.RoiAreaShare, Is.EqualTo(600 / 8000.0).Within(1e-12));
        Assert.That(scores.ArtifactEnergy, Is.EqualTo(100 / total).Within(1e-12));
        Assert.That(scores.ArtifactAreaShare, Is.EqualTo(100 / 8000.0).Within(1e-12));
        Assert.That(scores.RoiEnergy + scores.ArtifactEnergy, Is.LessThanOrEqualTo(1));
        Assert.That(scores.ShortcutWarning, Is.False);
    }

    [Test]
    public void Overlapping_artefact_boxes_count_once()
    {
        var map = new SaliencyMap(20, 20, Enumerable.Repeat(1f, 400).ToArray());

        var scores = SaliencyScores.Compute(map, null, [new PixelBox(0, 0, 10, 10), new PixelBox(5, 5, 10, 10), new PixelBox(30, 30, 5, 5)]);

        Assert.That(scores.ArtifactEnergy, Is.EqualTo(175 / 400.0).Within(1e-12));
        Assert.That(scores.ArtifactAreaShare, Is.EqualTo(175 / 400.0).Within(1e-12));

        // A box inside another adds nothing; a box sharing only an edge adds its own area.
        var nested = SaliencyScores.Compute(map, null, [new PixelBox(0, 0, 10, 10), new PixelBox(2, 2, 3, 3), new PixelBox(10, 0, 2, 10)]);
        Assert.That(nested.ArtifactAreaShare, Is.EqualTo(120 / 400.0).Within(1e-12));
    }

    [Test]
    public void Heat_on_a_marker_raises_the_shortcut_warning()
    {
        var map = SyntheticRadiograph.Bump(100, 80, 10, 10, 4, amplitude: 3)
            .Plus(SyntheticRadiograph.Bump(100, 80, 55, 50, 6))
            .ToMap();

        var scores = SaliencyScores.Compute(map, Roi, [Marker]);

        Assert.That(scores.Hit, Is.False);
        Assert.That(scores.ArtifactEnergy, Is.GreaterThan(0.3));
        Assert.That(scores.ShortcutWarning, Is.True);

        var summary = SaliencyScores.Summarize([scores, SaliencyScores.Compute(SyntheticRadiograph.Bump(100, 80, 55, 50, 6).ToMap(), Roi, [Marker])]);
        Assert.That(summary.ShortcutCount, Is.EqualTo(1));
        Assert.That(summary.Warnings, Has.Some.Contains("Shortcut suspected: in 1 of 2 images"));
    }

    [Test]
    public void A_map_without_positive_values_has_zero_energy_everywhere()
    {
        var map = new SaliencyMap(10, 10, Enumerable.Repeat(-1f, 100).ToArray());

        var scores = SaliencyScores.Compute(map, new PixelBox(0, 0, 5, 5), [new PixelBox(5, 5, 5, 5)]);

        Assert.That(scores.RoiEnergy, Is.Zero);
        Assert.That(scores.ArtifactEnergy, Is.Zero);
        Assert.That(scores.ShortcutWarning, Is.False);
    }

    [Test]
    public void Pixels_outside_the_coverage_are_not_counted_in_area_shares()
    {
        var values = new float[100];
        Array.Fill(values, 1f);
        var map = new SaliencyMap(10, 10, values, coverage: new PixelBox(5, 0, 5, 10));

        var scores = SaliencyScores.Compute(map, new PixelBox(0, 0, 10, 5), null);

        Assert.That(scores.RoiAreaShare, Is.EqualTo(0.5).Within(1e-12));
        Assert.That(scores.RoiEnergy, Is.EqualTo(0.5).Within(1e-12));
        Assert.That(scores.PeakX, Is.EqualTo(5));
    }

    [Test]
    public void Summary_averages_over_the_images_that_have_each_kind_of_box()
    {
        SaliencyScoreResult[] results =
        [
            new(1, 1, true, 0.6, 0.1, 0.0, 0.01, false),
            new(2, 2, false, 0.2, 0.1, null, null, false),
            new(3, 3, null, null, null, 0.5, 0.01, true),
        ];

        var summary = SaliencyScores.Summarize(results);

        Assert.That(summary.Count, Is.EqualTo(3));
        Assert.That(summary.RoiCount, Is.EqualTo(2));
        Assert.That(summary.Hits, Is.EqualTo(1));
        Assert.That(summary.HitRate, Is.EqualTo(0.5));
        Assert.That(summary.MeanRoiEnergy, Is.EqualTo(0.4).Within(1e-12));
        Assert.That(summary.MeanRoiAreaShare, Is.EqualTo(0.1).Within(1e-12));
        Assert.That(summary.ArtifactCount, Is.EqualTo(2));
        Assert.That(summary.MeanArtifactEnergy, Is.EqualTo(0.25).Within(1e-12));
        Assert.That(summary.ShortcutCount, Is.EqualTo(1));
    }

    [Test]
    public void Summary_hit_rate_carries_R_prop_test_Wilson_interval()
    {
        // 7 hits of 20 images with an ROI (plus one without), and 10 of 10. R: prop.test(x, n, correct = FALSE)$conf.int,
        // the same references as ThresholdAndMetricsTests.Wilson_interval_matches_R_prop_test.
        var some = SaliencyScores.Summarize(
            Enumerable.Range(0, 20).Select(i => new SaliencyScoreResult(i, i, i < 7, 0.3, 0.1, null, null, false))
                .Append(new SaliencyScoreResult(0, 0, null, null, null, null, null, false)));
        var all = SaliencyScores.Summarize(Enumerable.Range(0, 10).Select(i => new SaliencyScoreResult(i, i, true, 0.3, 0.1, null, null, false)));

        Assert.That((some.Hits, some.RoiCount), Is.EqualTo((7, 20)));
        Assert.That(some.HitRateInterval!.Value.Lower, Is.EqualTo(0.18119182410108206).Within(1e-12));
        Assert.That(some.HitRateInterval!.Value.Upper, Is.EqualTo(0.56714572331476365).Within(1e-12));
        Assert.That(all.HitRateInterval!.Value.Lower, Is.EqualTo(0.72246720013711085).Within(1e-12));
        Assert.That(all.HitRateInterval!.Value.Upper, Is.EqualTo(1.0));
        Assert.That(SaliencyScores.Summarize([]).HitRateInterval, Is.Null, "no image with an ROI, no interval");
    }

    [Test]
    public void Summary_warns_when_maps_do_not_favour_the_joint()
    {
        var summary = SaliencyScores.Summarize([new SaliencyScoreResult(0, 0, false, 0.05, 0.1, null, null, false)]);

        Assert.That(summary.Warnings, Has.One.Contains("do not favour the joint"));
        Assert.That(SaliencyScores.Summarize([]).HitRate, Is.Null);
    }

    [Test]
    public void Defaults_are_documented_values_and_invalid_options_are_reported_together()
    {
        var options = new SaliencyScoreOptions();
        Assert.That(options.PointingTolerance, Is.Zero);
        Assert.That(options.ShortcutFactor, Is.EqualTo(2));
        Assert.That(options.ShortcutMinimumEnergy, Is.EqualTo(0.1));

        var map = new SaliencyMap(2, 2, new float[4]);
        Assert.That(() => SaliencyScores.Compute(map, null, null, new SaliencyScoreOptions { PointingTolerance = -1, ShortcutFactor = 0.5, ShortcutMinimumEnergy = 2 }),
            Throws.ArgumentException
                .With.Message.Contains("PointingTolerance")
                .And.Message.Contains("ShortcutFactor")
                .And.Message.Contains("ShortcutMinimumEnergy"));
    }
}
