using JointDislocation.ML.Augmentation;
using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Tests.Augmentation;

public class OperationTests
{
    private static GrayImage Apply(string drawId, GrayImage image) => AugmentationDraw.Parse(drawId).Apply(image);

    [Test]
    public void Horizontal_flip_mirrors_columns_and_twice_is_identity()
    {
        var image = TestImages.Pattern(37, 23);
        var once = Apply("flipH(1)", image);
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                Assert.That(once[x, y], Is.EqualTo(image[image.Width - 1 - x, y]), $"pixel {x},{y}");
            }
        }

        Assert.That(Apply("flipH(1)", once).Pixels.ToArray(), Is.EqualTo(image.Pixels.ToArray()));
        Assert.That(Apply("flipH(1)>flipH(1)", image).Pixels.ToArray(), Is.EqualTo(image.Pixels.ToArray()));
    }

    [Test]
    public void Vertical_flip_mirrors_rows_and_twice_is_identity()
    {
        var image = TestImages.Pattern(20, 31);
        var once = Apply("flipV(1)", image);
        Assert.That(once.Row(0).ToArray(), Is.EqualTo(image.Row(30).ToArray()));
        Assert.That(once.Row(30).ToArray(), Is.EqualTo(image.Row(0).ToArray()));
        Assert.That(Apply("flipV(1)", once).Pixels.ToArray(), Is.EqualTo(image.Pixels.ToArray()));
    }

    [Test]
    public void Flip_not_taken_leaves_the_image_and_is_left_out_of_the_id()
    {
        var image = TestImages.Pattern(8, 8);
        var draw = AugmentationDraw.Parse("flipH(0)>flipV(0)");
        Assert.That(draw.Id, Is.EqualTo("identity"));
        Assert.That(draw.IsIdentity, Is.True);
        Assert.That(draw.Apply(image).Pixels.ToArray(), Is.EqualTo(image.Pixels.ToArray()));
    }

    [Test]
    public void Rotation_by_zero_or_a_full_turn_is_identity()
    {
        var image = TestImages.Pattern(31, 17);
        Assert.That(Apply("rotate(0)", image).Pixels.ToArray(), Is.EqualTo(image.Pixels.ToArray()));
        Assert.That(Apply("rotate(360)", image).Pixels.ToArray(), Is.EqualTo(image.Pixels.ToArray()));

        // The resampler itself, not only the shortcut that skips identity draws.
        var resampled = ImageKernels.Resample(image, Affine.Rotation(0, 15.5, 8.5), image.Width, image.Height);
        Assert.That(resampled.Pixels.ToArray(), Is.EqualTo(image.Pixels.ToArray()));
    }

    [TestCase(5)]
    [TestCase(6)]
    [TestCase(33)]
    public void Rotation_by_90_degrees_turns_the_picture_counter_clockwise(int side)
    {
        var image = TestImages.Pattern(side, side);
        var rotated = Apply("rotate(90)", image);
        for (var y = 0; y < side; y++)
        {
            for (var x = 0; x < side; x++)
            {
                // Counter-clockwise as displayed: the top row becomes the left column, read bottom-up.
                Assert.That(rotated[y, side - 1 - x], Is.EqualTo(image[x, y]), $"pixel {x},{y}");
            }
        }

        var fourTimes = image;
        for (var k = 0; k < 4; k++)
        {
            fourTimes = Apply("rotate(90)", fourTimes);
        }

        Assert.That(fourTimes.Pixels.ToArray(), Is.EqualTo(image.Pixels.ToArray()));
        Assert.That(Apply("rotate(-90)", rotated).Pixels.ToArray(), Is.EqualTo(image.Pixels.ToArray()));
    }

    [Test]
    public void Rotation_fills_uncovered_corners_with_black()
    {
        var image = TestImages.Uniform(64, 64, 200);
        var rotated = Apply("rotate(45)", image);
        Assert.That(rotated[0, 0], Is.EqualTo(0));
        Assert.That(rotated[63, 63], Is.EqualTo(0));
        Assert.That(rotated[32, 32], Is.EqualTo(200));
    }

    [Test]
    public void Crop_resizes_to_from_then_cuts_the_drawn_window_and_shifts_the_roi()
    {
        var image = TestImages.Pattern(256, 256);
        var sample = new AugmentedSample(image, new PixelBox(40, 50, 10, 10), [new PixelBox(0, 0, 20, 20)]);

        var topLeft = AugmentationDraw.Parse("crop(224,256,0,0)").Apply(sample);
        Assert.That(topLeft.Image.Width, Is.EqualTo(224));
        Assert.That(topLeft.Image.Height, Is.EqualTo(224));
        Assert.That(topLeft.Image.Row(10).ToArray(), Is.EqualTo(image.Row(10)[..224].ToArray()));
        Assert.That(topLeft.Roi, Is.EqualTo(new PixelBox(40, 50, 10, 10)));

        var bottomRight = AugmentationDraw.Parse("crop(224,256,0.999,0.999)").Apply(sample);
        Assert.That(bottomRight.Image[0, 0], Is.EqualTo(image[32, 32]));
        Assert.That(bottomRight.Roi, Is.EqualTo(new PixelBox(8, 18, 10, 10)));
        Assert.That(bottomRight.Artifacts, Is.Empty, "an artefact box cropped away is dropped");
    }

    [Test]
    public void Resize_scales_the_picture_and_the_boxes()
    {
        var sample = new AugmentedSample(TestImages.Uniform(64, 48, 100), new PixelBox(10, 20, 8, 4));
        var resized = AugmentationDraw.Parse("resize(32,24)").Apply(sample);
        Assert.That((resized.Image.Width, resized.Image.Height), Is.EqualTo((32, 24)));
        Assert.That(resized.Image.Pixels.ToArray(), Is.All.EqualTo(100));
        Assert.That(resized.Roi, Is.EqualTo(new PixelBox(5, 10, 4, 2)));
    }

    [Test]
    public void Large_shrink_averages_instead_of_aliasing()
    {
        // A one-pixel checkerboard shrunk 8× must come out mid-grey, not black or white stripes.
        var image = new GrayImage(256, 256);
        for (var k = 0; k < image.MutablePixels.Length; k++)
        {
            image.MutablePixels[k] = (byte)((((k % 256) + (k / 256)) % 2) * 255);
        }

        var small = Apply("resize(32,32)", image);
        Assert.That(small.Pixels.ToArray().Select(p => (int)p), Is.All.InRange(120, 135));
    }

    [Test]
    public void Zoom_and_translate_move_the_roi_with_the_picture()
    {
        var sample = new AugmentedSample(TestImages.Uniform(64, 64, 90), new PixelBox(24, 24, 16, 16));
        Assert.That(AugmentationDraw.Parse("zoom(2)").Apply(sample).Roi, Is.EqualTo(new PixelBox(16, 16, 32, 32)));
        Assert.That(AugmentationDraw.Parse("translate(0.25,-0.125)").Apply(sample).Roi, Is.EqualTo(new PixelBox(40, 16, 16, 16)));
        Assert.That(AugmentationDraw.Parse("flipH(1)").Apply(sample).Roi, Is.EqualTo(new PixelBox(24, 24, 16, 16)));
        Assert.That(
            AugmentationDraw.Parse("translate(0.5,0)").Apply(new AugmentedSample(sample.Image, new PixelBox(50, 0, 10, 10))).Roi,
            Is.EqualTo(new PixelBox(64, 0, 0, 10)),
            "a ROI moved out of the picture stays, empty");
    }

    private static readonly string[] RoiDraws =
    [
        "rotate(37)", "rotate(90)", "rotate(-128)", "rotate(330)", "flipH(1)", "flipV(1)", "zoom(1.3)", "zoom(0.7)",
        "translate(0.1,-0.08)", "crop(224,256,0.3,0.8)", "resize(50,70)", "rotate(12)>crop(224,256,0.9,0.1)>flipH(1)>flipV(1)",
        "rotate(-15)>translate(-0.1,0.1)>zoom(1.1)",
    ];

    [TestCaseSource(nameof(RoiDraws))]
    public void Roi_follows_geometric_operations(string drawId)
    {
        var (image, roi) = TestImages.BrightSquare(128, 96, new PixelBox(80, 20, 16, 16));
        AssertRoiHoldsTheSquare(AugmentationDraw.Parse(drawId).Apply(new AugmentedSample(image, roi)), drawId);
    }

    [Test]
    public void Roi_follows_the_study_presets()
    {
        var (image, roi) = TestImages.BrightSquare(128, 96, new PixelBox(80, 20, 16, 16));
        var sample = new AugmentedSample(image, roi);
        for (var index = 0; index < 26; index++)
        {
            AssertRoiHoldsTheSquare(AugmentationPresets.StudyOnline.Augment(sample, "knee", index), $"online {index}");
            AssertRoiHoldsTheSquare(AugmentationPresets.StudyStatic.Augment(sample, "knee", index), $"static {index}");
        }
    }

    private static void AssertRoiHoldsTheSquare(AugmentedSample result, string because)
    {
        Assert.That(result.Roi, Is.Not.Null);
        var box = result.Roi!.Value;
        int inside = 0, outside = 0;
        for (var y = 0; y < result.Image.Height; y++)
        {
            for (var x = 0; x < result.Image.Width; x++)
            {
                if (result.Image[x, y] >= 150)
                {
                    if (box.Contains(x, y))
                    {
                        inside++;
                    }
                    else
                    {
                        outside++;
                    }
                }
            }
        }

        Assert.That(outside, Is.Zero, $"{because}: bright pixels outside the ROI {box}");
        Assert.That(inside, Is.GreaterThan(50), $"{because}: the square should still be in the ROI {box}");
    }

    [TestCase("brightness", 1.25)]
    [TestCase("brightness", 0.75)]
    [TestCase("contrast", 1.6)]
    [TestCase("contrast", 0.5)]
    [TestCase("gamma", 0.5)]
    [TestCase("gamma", 2.2)]
    public void Intensity_operations_are_monotone_and_clamped(string operation, double value)
    {
        var ramp = TestImages.Ramp();
        var result = Apply(FormattableString.Invariant($"{operation}({value})"), ramp).Pixels.ToArray();
        for (var p = 1; p < 256; p++)
        {
            Assert.That(result[p], Is.GreaterThanOrEqualTo(result[p - 1]), $"level {p}");
        }

        Assert.That(result.Distinct().Count(), Is.GreaterThan(100));
        if (value > 1 && operation != "gamma")
        {
            Assert.That(result[^1], Is.EqualTo(255));
            Assert.That(result[^2], Is.EqualTo(255), "clamped at white");
        }
    }

    [Test]
    public void Intensity_operations_move_levels_the_expected_way()
    {
        var ramp = TestImages.Ramp();
        Assert.That(Apply("brightness(1.25)", ramp)[4, 6], Is.EqualTo(125)); // level 100
        Assert.That(Apply("brightness(0.75)", ramp)[15, 15], Is.EqualTo(191));
        Assert.That(Apply("contrast(0.5)", ramp)[0, 0], Is.EqualTo(64)); // 127.5 + 0.5·(0 − 127.5) = 63.75
        Assert.That(Apply("contrast(1.6)", ramp)[0, 0], Is.EqualTo(0));
        var brighter = Apply("gamma(0.5)", ramp);
        var darker = Apply("gamma(2)", ramp);
        Assert.That(brighter[0, 0], Is.EqualTo(0));
        Assert.That(brighter[15, 15], Is.EqualTo(255));
        Assert.That(brighter[0, 4], Is.EqualTo(128)); // level 64: 255·√(64/255)
        Assert.That(darker[0, 8], Is.EqualTo(64)); // level 128: (128/255)²·255 = 64.25
    }

    [Test]
    public void Gaussian_noise_has_the_requested_sigma()
    {
        var image = TestImages.Uniform(256, 256, 128);
        var noisy = Apply("noise(10,12345)", image);
        var deltas = noisy.Pixels.ToArray().Select(p => p - 128.0).ToList();
        Assert.That(deltas.Average(), Is.EqualTo(0).Within(0.2));
        Assert.That(TestImages.StandardDeviation(deltas), Is.EqualTo(10).Within(0.3));
        Assert.That(Apply("noise(10,12345)", image).Pixels.ToArray(), Is.EqualTo(noisy.Pixels.ToArray()), "the seed replays the field");
        Assert.That(Apply("noise(10,54321)", image).Pixels.ToArray(), Is.Not.EqualTo(noisy.Pixels.ToArray()));
    }

    [Test]
    public void Blur_smooths_an_edge_and_keeps_the_mean()
    {
        var image = new GrayImage(64, 8);
        for (var y = 0; y < 8; y++)
        {
            for (var x = 32; x < 64; x++)
            {
                image.MutablePixels[(y * 64) + x] = 200;
            }
        }

        var blurred = Apply("blur(2)", image);
        Assert.That(blurred[31, 4], Is.InRange(60, 140));
        Assert.That(blurred[32, 4], Is.InRange(60, 140));
        Assert.That(blurred[0, 4], Is.EqualTo(0));
        Assert.That(blurred[63, 4], Is.EqualTo(200));
        Assert.That(blurred.Pixels.ToArray().Average(p => p), Is.EqualTo(100).Within(0.5));
        Assert.That(Apply("blur(0.2)", image).Pixels.ToArray(), Is.EqualTo(image.Pixels.ToArray()), "too small a σ to change a pixel");
    }

    [Test]
    public void An_operation_applies_only_its_own_draws()
    {
        var operation = new RandomRotationOperation(5);
        var draw = operation.Randomize(new DeterministicRandom(1));
        Assert.That(draw.Operation, Is.EqualTo("rotate"));
        Assert.That(draw.Values[0], Is.InRange(-5.0, 5.0));
        var sample = new AugmentedSample(TestImages.Pattern(16, 16));
        Assert.That(operation.Apply(sample, draw).Image.Pixels.ToArray(), Is.EqualTo(new AugmentationDraw([draw]).Apply(sample).Image.Pixels.ToArray()));
        var ex = Assert.Throws<ArgumentException>(() => operation.Apply(sample, new FlipOperation(true, 1).Randomize(new DeterministicRandom(1))));
        Assert.That(ex!.Message, Does.StartWith("A 'flipH' draw cannot be applied by the 'rotate' operation."));
    }

    [Test]
    public void Applying_never_changes_the_source()
    {
        var image = TestImages.Pattern(40, 30);
        var copy = image.Pixels.ToArray();
        var identity = AugmentationDraw.Identity.Apply(image);
        _ = AugmentationPresets.StudyOnline.Draw("x", 3).Apply(image);
        Assert.That(image.Pixels.ToArray(), Is.EqualTo(copy));
        identity.MutablePixels[0] = 99;
        Assert.That(image[0, 0], Is.EqualTo(copy[0]), "an identity result has its own buffer");
    }
}
