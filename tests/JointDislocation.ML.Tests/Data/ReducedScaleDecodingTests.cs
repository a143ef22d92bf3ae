using System.Runtime.InteropServices;
using JointDislocation.ML.Backbones;
using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;
using JointDislocation.ML.Phantoms;
using SkiaSharp;

namespace JointDislocation.ML.Tests.Data;

/// <summary>
/// Reduced-scale JPEG decoding (<see cref="ImageDecodingOptions.JpegMinDecodedSide"/>) and the exact mode: which files
/// are reduced and to what size, that the exact mode gives the pixels of the decoder before these changes, and that
/// the features of a reduced decode stay within the tolerance docs/performance.md states.
/// </summary>
public class ReducedScaleDecodingTests
{
    /// <summary>The documented tolerance: relative L2 distance of a reduced decode's ResNet18 features to a full decode's.</summary>
    private const double MaxRelativeFeatureDistance = 0.30;

    private TemporaryDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TemporaryDirectory("jdml-reduced");

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [TestCase(1000, 800, 300)] // shorter side 800 ≥ 448: 2/8 gives 200 < 224, so 3/8 = 375 × 300
    [TestCase(600, 460, 230)] // 4/8 keeps 230 ≥ 224
    [TestCase(2400, 1800, 225)] // 1/8 gives 225
    public void A_large_jpeg_decodes_at_the_smallest_eighth_that_keeps_224(int width, int height, int expectedShort)
    {
        var path = Write("large.jpg", TestImages.SkiaEncode(width, height, TestImages.Pattern(width, height), SKEncodedImageFormat.Jpeg));
        var reduced = RadiographDecoder.Decode(path);
        var exact = RadiographDecoder.Decode(path, ImageDecodingOptions.Exact);

        Assert.That((exact.Width, exact.Height), Is.EqualTo((width, height)));
        Assert.That(Math.Min(reduced.Width, reduced.Height), Is.GreaterThanOrEqualTo(224), "never below the network input");
        Assert.That(Math.Min(reduced.Width, reduced.Height), Is.LessThan(448), "the smallest such scale");
        Assert.That(Math.Min(reduced.Width, reduced.Height), Is.EqualTo(expectedShort));
        Assert.That((double)reduced.Width / reduced.Height, Is.EqualTo((double)width / height).Within(0.02), "aspect kept");
    }

    [Test]
    public void A_reduced_decode_is_the_box_average_of_the_full_decode_to_a_gray_level()
    {
        const int W = 640, H = 480;
        var path = Write("half.jpg", TestImages.SkiaEncode(W, H, TestImages.Pattern(W, H), SKEncodedImageFormat.Jpeg, 95));
        var options = ImageDecodingOptions.Default with { JpegMinDecodedSide = 240 };
        var reduced = RadiographDecoder.Decode(path, options);
        var exact = RadiographDecoder.Decode(path, ImageDecodingOptions.Exact);
        Assert.That((reduced.Width, reduced.Height), Is.EqualTo((320, 240)));

        double sum = 0;
        for (var y = 0; y < reduced.Height; y++)
        {
            for (var x = 0; x < reduced.Width; x++)
            {
                var box = (exact[2 * x, 2 * y] + exact[(2 * x) + 1, 2 * y] + exact[2 * x, (2 * y) + 1] + exact[(2 * x) + 1, (2 * y) + 1]) / 4.0;
                sum += Math.Abs(box - reduced[x, y]);
            }
        }

        Assert.That(sum / (reduced.Width * reduced.Height), Is.LessThan(1.0), "mean gray-level difference");
    }

    [TestCase(447, 600)] // shorter side below 2 × 224
    [TestCase(300, 300)]
    public void Smaller_jpegs_and_other_formats_are_decoded_at_full_size(int width, int height)
    {
        var gray = TestImages.Pattern(width, height);
        var jpeg = RadiographDecoder.Decode(Write("small.jpg", TestImages.SkiaEncode(width, height, gray, SKEncodedImageFormat.Jpeg)));
        var png = RadiographDecoder.Decode(Write("large.png", TestImages.GrayPng(900, 700, TestImages.Pattern(900, 700))));
        Assert.That((jpeg.Width, jpeg.Height), Is.EqualTo((width, height)));
        Assert.That((png.Width, png.Height), Is.EqualTo((900, 700)), "PNG has no reduced path");
    }

    [Test]
    public void Exact_decoding_gives_the_pixels_of_the_previous_decoder()
    {
        // The previous decoder: every file to premultiplied RGBA, BT.601 luma, then the EXIF orientation. The new one
        // decodes gray content straight to gray and reduces large JPEGs unless told to be exact.
        var files = new Dictionary<string, byte[]>
        {
            ["gray.jpg"] = TestImages.SkiaEncode(700, 500, TestImages.Pattern(700, 500), SKEncodedImageFormat.Jpeg),
            ["gray.png"] = TestImages.GrayPng(120, 90, TestImages.Pattern(120, 90, 2)),
            ["rgb.png"] = TestImages.Png(50, 40, 8, 2, [.. Enumerable.Range(0, 50 * 40 * 3).Select(i => (byte)((i * 37) % 251))]),
            ["gray.gif"] = TestImages.Gif(60, 50, TestImages.Pattern(60, 50, 3)),
        };
        foreach (var file in RealisticCorpus.Write(_temp.Combine("corpus"), 12, seed: 5))
        {
            files[Path.GetFileName(file.Path)] = File.ReadAllBytes(file.Path);
        }

        foreach (var (name, bytes) in files)
        {
            var path = Write(name, bytes);
            var image = RadiographDecoder.Decode(path, ImageDecodingOptions.Exact);
            if (PngFile.TryReadHeader(bytes, out var header) && header.BitDepth == 16)
            {
                continue; // 16-bit PNG has its own decoder, unchanged
            }

            var previous = PreviousDecode(bytes);
            Assert.That((image.Width, image.Height), Is.EqualTo((previous.Width, previous.Height)), name);
            Assert.That(image.Pixels.SequenceEqual(previous.Pixels), Is.True, name);
        }
    }

    [Test]
    public void Reduced_decoding_keeps_the_features_within_the_documented_tolerance()
    {
        var backbone = Backbone.ResNet18();
        // The first five large JPEGs of the benchmark's corpus, written alone.
        const int Seed = 20260501;
        var files = Enumerable.Range(0, 100)
            .Select(i => (Index: i, Plan: RealisticCorpus.Plan(Seed, i)))
            .Where(p => p.Plan.Format == ImageFormat.Jpeg && Math.Min(p.Plan.Width, p.Plan.Height) >= 448)
            .Take(5)
            .Select(p => p.Plan with { Path = Write($"large{p.Index}.jpg", RealisticCorpus.Encode(p.Plan, Seed, p.Index)) })
            .ToList();
        var exact = backbone.Featurize([.. files.Select(f => RadiographDecoder.Decode(f.Path, ImageDecodingOptions.Exact))]);
        var reducedImages = files.Select(f => RadiographDecoder.Decode(f.Path)).ToList();
        var reduced = backbone.Featurize(reducedImages);
        for (var i = 0; i < files.Count; i++)
        {
            // The leakage check still sees a reduced decode as a near copy of the full one (the bytes' SHA-256 aside).
            var bytes = File.ReadAllBytes(files[i].Path);
            var full = ImageFingerprint.Compute(bytes, RadiographDecoder.Decode(files[i].Path, ImageDecodingOptions.Exact));
            var small = ImageFingerprint.Compute(bytes, reducedImages[i]) with { Sha256 = new string('0', 64) };
            Assert.That(NearCopyRule.Classify(small, full), Is.EqualTo(DuplicateKind.Near), files[i].Path);

            Assert.That(Math.Min(reducedImages[i].Width, reducedImages[i].Height), Is.LessThan(Math.Min(files[i].Width, files[i].Height)), "reduced");
            Assert.That(RelativeDistance(exact[i].Pooled.ToArray(), reduced[i].Pooled.ToArray()), Is.LessThanOrEqualTo(MaxRelativeFeatureDistance), files[i].Path);
        }
    }

    [Test]
    public void The_decode_setting_is_part_of_the_cache_key()
    {
        var defaults = ImageDecodingOptions.Default.CacheIdentity();
        var exact = ImageDecodingOptions.Exact.CacheIdentity();
        var other = (ImageDecodingOptions.Default with { JpegMinDecodedSide = 300 }).CacheIdentity();
        Assert.That(new[] { defaults, exact, other }, Is.Unique);
        Assert.That(exact, Does.Contain("jpegMinDecodedSide=full"));

        var key = new FeatureCacheKey(new string('a', 64), "backbone", FeatureCacheKey.Original);
        Assert.That((key with { Decoding = defaults }).Digest(), Is.Not.EqualTo((key with { Decoding = exact }).Digest()));
    }

    [Test]
    public void A_min_side_below_one_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => (ImageDecodingOptions.Default with { JpegMinDecodedSide = 0 }).Validate());
        Assert.That(error!.Message, Does.Contain("JpegMinDecodedSide"));
        Assert.That(ImageDecodingOptions.Default.JpegMinDecodedSide, Is.EqualTo(ImageDecodingOptions.DefaultJpegMinDecodedSide));
        Assert.That(ImageDecodingOptions.Exact.JpegMinDecodedSide, Is.Null);
    }

    private static double RelativeDistance(float[] reference, float[] other)
    {
        double difference = 0, norm = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            difference += (reference[i] - other[i]) * (double)(reference[i] - other[i]);
            norm += reference[i] * (double)reference[i];
        }

        return Math.Sqrt(difference / norm);
    }

    private static GrayImage PreviousDecode(byte[] bytes)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        int width = codec.Info.Width, height = codec.Info.Height;
        var rgba = new byte[width * height * 4];
        var handle = GCHandle.Alloc(rgba, GCHandleType.Pinned);
        try
        {
            Assert.That(codec.GetPixels(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul), handle.AddrOfPinnedObject()), Is.EqualTo(SKCodecResult.Success));
        }
        finally
        {
            handle.Free();
        }

        var gray = new byte[width * height];
        for (var i = 0; i < gray.Length; i++)
        {
            gray[i] = (byte)(((77 * rgba[i * 4]) + (150 * rgba[(i * 4) + 1]) + (29 * rgba[(i * 4) + 2]) + 128) >> 8);
        }

        return ImageOrientation.Apply(new GrayImage(width, height, gray), codec.EncodedOrigin);
    }

    private string Write(string name, byte[] bytes) => TestImages.Write(_temp.Combine(name), bytes);
}
