using JointDislocation.ML.Imaging;
using JointDislocation.ML.Saliency;

namespace JointDislocation.ML.Tests.Saliency;

public class ClassActivationMapTests
{
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Bias_plus_mean_of_the_map_equals_the_linear_heads_logit(int seed)
    {
        const int channels = 512, h = 7, w = 7;
        var random = new Random(seed);
        var map = new float[channels * h * w];
        for (var i = 0; i < map.Length; i++)
        {
            // Post-ReLU activations: many zeros, the rest positive.
            map[i] = random.NextDouble() < 0.4 ? 0f : (float)(random.NextDouble() * 6);
        }

        var weights = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            weights[c] = (float)((random.NextDouble() - 0.5) * 0.4);
        }

        var bias = (float)((random.NextDouble() - 0.5) * 3);

        // The head's own path, in float as ML.NET would: pooled = spatial mean, logit = bias + w · pooled.
        var pooled = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            var sum = 0f;
            for (var i = 0; i < h * w; i++)
            {
                sum += map[(c * h * w) + i];
            }

            pooled[c] = sum / (h * w);
        }

        var headLogit = bias;
        for (var c = 0; c < channels; c++)
        {
            headLogit += weights[c] * pooled[c];
        }

        var cam = ClassActivationMap.Compute(map, weights, bias, h, w);

        Assert.That(cam.Map.Width, Is.EqualTo(w));
        Assert.That(cam.Map.Height, Is.EqualTo(h));
        Assert.That(bias + cam.Map.Mean, Is.EqualTo(headLogit).Within(1e-5));
        Assert.That(cam.Logit, Is.EqualTo(headLogit).Within(1e-5));
        Assert.That(cam.Probability, Is.EqualTo(1 / (1 + Math.Exp(-headLogit))).Within(1e-6));
    }

    [Test]
    public void Each_cell_is_the_weighted_sum_of_its_channels()
    {
        // Two channels, 1×2 map: channel 0 = [1, 2], channel 1 = [3, 4]; weights (2, -1).
        var cam = ClassActivationMap.Compute([1, 2, 3, 4], [2, -1], 0.5f, 1, 2);

        Assert.That(cam.Map[0, 0], Is.EqualTo((2 * 1) - 3));
        Assert.That(cam.Map[1, 0], Is.EqualTo((2 * 2) - 4));
        Assert.That(cam.Bias, Is.EqualTo(0.5f));
        Assert.That(cam.Logit, Is.EqualTo(0.5 + ((-1.0 + 0.0) / 2)));
    }

    [Test]
    public void Mismatched_lengths_and_non_finite_values_are_rejected()
    {
        Assert.That(() => ClassActivationMap.Compute(new float[10], new float[2], 0, 2, 2),
            Throws.ArgumentException.With.Message.Contains("2 channels × 2×2 needs 8"));
        Assert.That(() => ClassActivationMap.Compute(new float[8], [1, float.NaN], 0, 2, 2),
            Throws.ArgumentException.With.Message.Contains("Weight 1"));
        Assert.That(() => ClassActivationMap.Compute([1, 1, 1, float.PositiveInfinity], [1], 0, 2, 2),
            Throws.ArgumentException.With.Message.Contains("finite"));
        Assert.That(() => ClassActivationMap.Compute(new float[4], [1], float.NaN, 2, 2),
            Throws.ArgumentException.With.Message.Contains("bias"));
        Assert.That(() => ClassActivationMap.Compute([], [], 0, 2, 2), Throws.ArgumentException);
    }

    [TestCase(2, 5)]
    [TestCase(1, 1)]
    [TestCase(6, 3)]
    public void Upsampling_puts_a_hot_cells_peak_at_its_centre(int cellX, int cellY)
    {
        var grid = new float[49];
        grid[(cellY * 7) + cellX] = 1;

        var map = ClassActivationMap.Upsample(new SaliencyMap(7, 7, grid), 224, 224);

        var (x, y) = map.Peak;
        Assert.That(x + 0.5, Is.EqualTo((cellX + 0.5) * 32).Within(1), "x");
        Assert.That(y + 0.5, Is.EqualTo((cellY + 0.5) * 32).Within(1), "y");
        // The cell centre falls between two pixel centres, so no pixel samples it exactly.
        Assert.That(map.Max, Is.InRange(0.95f, 1f));
        Assert.That(map.Coverage, Is.EqualTo(new JointDislocation.ML.Imaging.PixelBox(0, 0, 224, 224)));
    }

    [Test]
    public void Upsampling_is_exact_on_cell_centres_and_interpolates_between_them()
    {
        // 2×1 grid over an 8-pixel-wide image: centres at x = 2 and 6 (continuous), so pixel 1.5 → 0, 5.5 → 1.
        var map = ClassActivationMap.Upsample(new SaliencyMap(2, 1, [0, 4]), 8, 1);

        float[] expected = [0, 0, 0.5f, 1.5f, 2.5f, 3.5f, 4, 4];
        Assert.That(map.Values.ToArray(), Is.EqualTo(expected).Within(1e-5));
    }

    [Test]
    public void A_flat_map_stays_flat()
    {
        var grid = Enumerable.Repeat(0.25f, 49).ToArray();

        var map = ClassActivationMap.Upsample(new SaliencyMap(7, 7, grid), 301, 157);

        Assert.That(map.Values.ToArray(), Is.All.EqualTo(0.25f).Within(1e-6));
    }

    [Test]
    public void Centre_crop_mapping_places_the_peak_in_the_original_and_leaves_cut_strips_at_zero()
    {
        // 800×400 original, centre-cropped to 224×224: scale 0.56, the crop starts 200 px from the left.
        var mapping = InputMapping.CenterCrop(800, 400, 224, 224);
        Assert.That(mapping.ScaleX, Is.EqualTo(0.56).Within(1e-12));
        Assert.That(mapping.OffsetX, Is.EqualTo(200).Within(1e-9));
        Assert.That(mapping.OffsetY, Is.EqualTo(0).Within(1e-9));

        var grid = new float[49];
        grid[(6 * 7) + 6] = 2; // bottom-right cell, centred at input (208, 208)
        grid[0] = 1;           // top-left cell, centred at input (16, 16)

        var map = ClassActivationMap.Upsample(new SaliencyMap(7, 7, grid), 800, 400, mapping);

        Assert.That(map.Coverage, Is.EqualTo(new JointDislocation.ML.Imaging.PixelBox(200, 0, 400, 400)));
        var (x, y) = map.Peak;
        Assert.That(x + 0.5, Is.EqualTo(200 + (208 / 0.56)).Within(1.5));
        Assert.That(y + 0.5, Is.EqualTo(208 / 0.56).Within(1.5));

        // The top-left cell's centre lands at original (200 + 16/0.56, 16/0.56) ≈ (228.6, 28.6).
        Assert.That(map[228, 28], Is.EqualTo(1f).Within(0.02));

        // The strips the crop cut away carry no saliency.
        Assert.That(map[0, 200], Is.Zero);
        Assert.That(map[199, 10], Is.Zero);
        Assert.That(map[600, 390], Is.Zero);
        Assert.That(map[200, 10], Is.Not.Zero);
    }

    [Test]
    public void Letterbox_mapping_covers_the_whole_image()
    {
        var mapping = InputMapping.Letterbox(448, 224, 224, 224);
        var map = ClassActivationMap.Upsample(new SaliencyMap(7, 7, Enumerable.Range(0, 49).Select(i => (float)i).ToArray()), 448, 224, mapping);

        Assert.That(map.Coverage, Is.EqualTo(new JointDislocation.ML.Imaging.PixelBox(0, 0, 448, 224)));
        Assert.That(mapping.OffsetY, Is.EqualTo(-112).Within(1e-9));
    }

    [Test]
    public void A_mapping_that_shows_none_of_the_image_is_rejected()
    {
        var mapping = new InputMapping(224, 224, 1, 1, 5000, 0);

        Assert.That(() => ClassActivationMap.Upsample(new SaliencyMap(7, 7, new float[49]), 100, 100, mapping),
            Throws.ArgumentException.With.Message.Contains("shows none"));
        Assert.That(() => ClassActivationMap.Upsample(new SaliencyMap(7, 7, new float[49]), 100, 100, mapping with { ScaleX = 0 }),
            Throws.ArgumentException.With.Message.Contains("scales"));
    }

    [Test]
    public void Compute_and_upsample_agree_with_the_two_steps()
    {
        var random = new Random(7);
        var featureMap = Enumerable.Range(0, 8 * 49).Select(_ => (float)random.NextDouble()).ToArray();
        var weights = Enumerable.Range(0, 8).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var mapping = InputMapping.CenterCrop(300, 200, 224, 224);

        var (cam, upsampled) = ClassActivationMap.ComputeAndUpsample(featureMap, weights, 0.1f, 7, 7, 300, 200, mapping);
        var expected = ClassActivationMap.Upsample(ClassActivationMap.Compute(featureMap, weights, 0.1f, 7, 7).Map, 300, 200, mapping);

        Assert.That(upsampled.Values.ToArray(), Is.EqualTo(expected.Values.ToArray()));
        Assert.That(cam.Logit, Is.EqualTo(0.1 + cam.Map.Mean).Within(1e-6));
    }
}
