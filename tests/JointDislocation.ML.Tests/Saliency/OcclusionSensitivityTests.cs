using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;
using JointDislocation.ML.Saliency;

namespace JointDislocation.ML.Tests.Saliency;

public class OcclusionSensitivityTests
{
    private static readonly PixelBox Target = new(40, 96, 32, 32);

    // A stand-in model: the score is the mean brightness inside the target box, so only that box matters.
    private static float ScoreOne(GrayImage image)
    {
        var sum = 0.0;
        for (var y = Target.Y; y < Target.Y + Target.Height; y++)
        {
            for (var x = Target.X; x < Target.X + Target.Width; x++)
            {
                sum += image[x, y];
            }
        }

        return (float)(sum / Target.Area / 255);
    }

    private static float[] Score(IReadOnlyList<GrayImage> batch) => batch.Select(ScoreOne).ToArray();

    [TestCase(OcclusionBaseline.Mean)]
    [TestCase(OcclusionBaseline.Blur)]
    public void The_map_peaks_inside_the_box_the_model_looks_at(OcclusionBaseline baseline)
    {
        var image = SyntheticRadiograph.WithBrightBox(160, 160, Target);
        var method = new OcclusionSensitivity(new OcclusionSensitivityOptions { Baseline = baseline });

        var result = method.Compute(image, Score);

        var (x, y) = result.Map.Peak;
        Assert.That(Target.Contains(x, y), Is.True, $"peak at ({x}, {y})");
        Assert.That(result.OriginalScore, Is.EqualTo(ScoreOne(image)));
        Assert.That(result.Map.Max, Is.GreaterThan(0));

        // Patches that never touch the box cannot change the score.
        Assert.That(result.Map[150, 10], Is.Zero);
        Assert.That(result.Map[5, 5], Is.Zero);
    }

    [Test]
    public async Task A_region_keeps_the_patches_and_the_baseline_inside_it_and_the_map_repeats_its_edges_outside()
    {
        var image = SyntheticRadiograph.WithBrightBox(160, 160, Target);
        var region = new PixelBox(0, 40, 160, 100);
        var method = new OcclusionSensitivity(new OcclusionSensitivityOptions { PatchSize = 16, Stride = 8 });
        var outsideChanged = false;

        var result = await method.ComputeAsync(image, region, (batch, _) =>
        {
            foreach (var occluded in batch)
            {
                for (var y = 0; y < image.Height; y++)
                {
                    if ((y < region.Y || y >= region.Y + region.Height) && !occluded.Row(y).SequenceEqual(image.Row(y)))
                    {
                        outsideChanged = true;
                    }
                }
            }

            return Task.FromResult(Score(batch));
        });

        Assert.That(outsideChanged, Is.False, "rows outside the region are never occluded");
        Assert.That(Target.Contains(result.Map.Peak.X, result.Map.Peak.Y), Is.True, $"peak at {result.Map.Peak}");
        Assert.That(result.Evaluations, Is.EqualTo(1 + (19 * 12)));
        for (var x = 0; x < image.Width; x++)
        {
            Assert.That(result.Map[x, 0], Is.EqualTo(result.Map[x, region.Y]));
            Assert.That(result.Map[x, 159], Is.EqualTo(result.Map[x, region.Y + region.Height - 1]));
        }
    }

    [Test]
    public void Batch_size_changes_the_calls_but_not_the_map()
    {
        var image = SyntheticRadiograph.WithBrightBox(100, 130, Target);
        float[]? reference = null;
        foreach (var batchSize in new[] { 1, 7, 64, 1000 })
        {
            var sizes = new List<int>();
            var method = new OcclusionSensitivity(new OcclusionSensitivityOptions { BatchSize = batchSize, PatchSize = 12, Stride = 6 });
            var result = method.Compute(image, batch =>
            {
                sizes.Add(batch.Count);
                return Score(batch);
            });

            var patches = method.CountPatches(100, 130);
            Assert.That(result.Evaluations, Is.EqualTo(patches + 1));
            Assert.That(sizes.Skip(1).Sum(), Is.EqualTo(patches));
            Assert.That(sizes.Skip(1), Is.All.LessThanOrEqualTo(batchSize));
            reference ??= result.Map.Values.ToArray();
            Assert.That(result.Map.Values.ToArray(), Is.EqualTo(reference), $"batch size {batchSize}");
        }
    }

    [Test]
    public void The_scorer_sees_the_original_outside_the_patch_and_the_baseline_inside()
    {
        var image = SyntheticRadiograph.WithBrightBox(32, 32, new PixelBox(0, 0, 16, 16));
        var mean = (byte)Math.Round(image.Pixels.ToArray().Average(p => (double)p), MidpointRounding.AwayFromZero);
        var seen = new List<GrayImage>();
        var method = new OcclusionSensitivity(new OcclusionSensitivityOptions { PatchSize = 16, Stride = 16, BatchSize = 4 });

        method.Compute(image, batch =>
        {
            seen.AddRange(batch.Select(i => i.Clone()));
            return new float[batch.Count];
        });

        Assert.That(seen, Has.Count.EqualTo(5));
        Assert.That(seen[0].Pixels.ToArray(), Is.EqualTo(image.Pixels.ToArray()));
        var second = seen[2]; // patch at (16, 0)
        Assert.That(second[20, 5], Is.EqualTo(mean));
        Assert.That(second[5, 5], Is.EqualTo(image[5, 5]));
        Assert.That(second[20, 20], Is.EqualTo(image[20, 20]));
    }

    [Test]
    public void Cancellation_stops_between_batches()
    {
        var image = SyntheticRadiograph.WithBrightBox(64, 64, new PixelBox(8, 8, 16, 16));
        using var cancellation = new CancellationTokenSource();
        var calls = 0;
        var method = new OcclusionSensitivity(new OcclusionSensitivityOptions { BatchSize = 4 });

        Task<float[]> Scorer(IReadOnlyList<GrayImage> batch, CancellationToken token)
        {
            if (++calls == 2)
            {
                cancellation.Cancel();
            }

            return Task.FromResult(new float[batch.Count]);
        }

        Assert.That(async () => await method.ComputeAsync(image, Scorer, null, cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(calls, Is.EqualTo(2));
    }

    [Test]
    public async Task Progress_reaches_one()
    {
        var image = SyntheticRadiograph.WithBrightBox(48, 48, new PixelBox(8, 8, 16, 16));
        var reports = new List<double>();
        var progress = new SynchronousProgress(reports.Add);

        await new OcclusionSensitivity(new OcclusionSensitivityOptions { BatchSize = 5 })
            .ComputeAsync(image, (b, _) => Task.FromResult(new float[b.Count]), progress);

        Assert.That(reports, Is.Ordered.Ascending);
        Assert.That(reports[^1], Is.EqualTo(1.0));
    }

    [Test]
    public void A_scorer_that_returns_the_wrong_count_or_NaN_is_reported()
    {
        var image = new GrayImage(32, 32);
        var method = new OcclusionSensitivity();

        Assert.That(() => method.Compute(image, b => new float[b.Count + 1]),
            Throws.InvalidOperationException.With.Message.Contains("returned 2 scores for 1 images"));
        Assert.That(() => method.Compute(image, b => Enumerable.Repeat(float.NaN, b.Count).ToArray()),
            Throws.InvalidOperationException.With.Message.Contains("non-finite"));
    }

    [Test]
    public void Positions_cover_both_edges()
    {
        Assert.That(OcclusionSensitivity.Positions(224, 16, 8), Has.Length.EqualTo(27));
        Assert.That(OcclusionSensitivity.Positions(224, 16, 8)[^1], Is.EqualTo(208));
        Assert.That(OcclusionSensitivity.Positions(100, 16, 8)[^1], Is.EqualTo(84));
        Assert.That(OcclusionSensitivity.Positions(10, 16, 8), Is.EqualTo(new[] { 0 }));
        Assert.That(new OcclusionSensitivity().CountPatches(224, 224), Is.EqualTo(81));
    }

    [Test]
    public void A_flat_image_blurs_to_itself()
    {
        var flat = new GrayImage(20, 10, Enumerable.Repeat((byte)77, 200).ToArray());

        Assert.That(OcclusionSensitivity.BoxBlur(flat, 4).Pixels.ToArray(), Is.All.EqualTo((byte)77));
    }

    [Test]
    public void Defaults_are_documented_values()
    {
        var options = new OcclusionSensitivityOptions();

        Assert.That(options.PatchSize, Is.EqualTo(32));
        Assert.That(options.Stride, Is.EqualTo(24));
        Assert.That(options.Baseline, Is.EqualTo(OcclusionBaseline.Blur));
        Assert.That(options.BlurRadius, Is.EqualTo(8));
        Assert.That(options.BatchSize, Is.EqualTo(32));
    }

    [Test]
    public void Invalid_options_are_reported_together()
    {
        var options = new OcclusionSensitivityOptions { PatchSize = 8, Stride = 9, BatchSize = 0, BlurRadius = 0 };

        Assert.That(() => new OcclusionSensitivity(options), Throws.ArgumentException
            .With.Message.Contains("Stride (9) must not exceed PatchSize (8)")
            .And.Message.Contains("BatchSize must be at least 1")
            .And.Message.Contains("BlurRadius must be at least 1"));
    }

    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
