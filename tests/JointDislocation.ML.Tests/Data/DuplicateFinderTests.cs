using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;
using SkiaSharp;

namespace JointDislocation.ML.Tests.Data;

public class DuplicateFinderTests
{
    private TemporaryDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TemporaryDirectory("jdml-dup");

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [Test]
    public async Task Finds_exact_and_resized_reencoded_copies_but_not_unrelated_images()
    {
        var original = TestImages.Pattern(256, 192, variant: 1);
        var trainOriginal = Write("train/original.png", TestImages.GrayPng(256, 192, original));
        var trainOther = Write("train/other.png", TestImages.GrayPng(256, 192, TestImages.Unrelated(256, 192)));

        var exactCopy = Write("test/exact.png", File.ReadAllBytes(trainOriginal));
        var resized = Write("test/resized.jpg", TestImages.SkiaEncode(160, 120, Resize(original, 256, 192, 160, 120), SKEncodedImageFormat.Jpeg, 60));
        var unrelated = Write("test/unrelated.png", TestImages.GrayPng(256, 192, TestImages.Pattern(256, 192, variant: 6).Select((v, i) => (byte)(i % 256 < 128 ? v : 255 - v)).ToArray()));
        var broken = Write("test/broken.png", []);

        var progress = new List<int>();
        var report = await new DuplicateFinder().FindAsync([exactCopy, resized, unrelated, broken], [trainOriginal, trainOther], new SynchronousProgress(progress));

        Assert.That(report.Matches.Where(m => m.TestPath == exactCopy).Select(m => (m.TrainingPath, m.Kind, m.Distance)),
            Is.EqualTo(new[] { (trainOriginal, DuplicateKind.Exact, 0) }));
        var near = report.Matches.Single(m => m.TestPath == resized);
        Assert.That((near.TrainingPath, near.Kind), Is.EqualTo((trainOriginal, DuplicateKind.Near)));
        Assert.That(near.Distance, Is.LessThanOrEqualTo(4));
        Assert.That(report.Matches.Where(m => m.TestPath == unrelated), Is.Empty);
        Assert.That(report.LeakedTestImages, Is.EquivalentTo(new[] { exactCopy, resized }));
        Assert.That(report.Skipped, Is.EqualTo(new[] { new SkippedFile(broken, "empty file") }));
        Assert.That((report.TestImagesChecked, report.TrainingImagesChecked), Is.EqualTo((3, 2)));
        Assert.That(progress, Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6 }));
    }

    [Test]
    public void Threshold_decides_what_counts_as_near()
    {
        // A burned-in block over a quarter of the image moves some hash bits; the threshold either side of that distance decides.
        var original = TestImages.Pattern(128, 96, variant: 2);
        var marked = (byte[])original.Clone();
        for (var y = 0; y < 48; y++)
        {
            for (var x = 0; x < 64; x++)
            {
                marked[(y * 128) + x] = 255;
            }
        }

        var train = Write("a.png", TestImages.GrayPng(128, 96, original));
        var test = Write("b.png", TestImages.GrayPng(128, 96, marked));
        var distance = PerceptualHash.Distance(
            PerceptualHash.Compute(RadiographDecoder.Decode(train)), PerceptualHash.Compute(RadiographDecoder.Decode(test)));
        Assert.That(distance, Is.InRange(1, 63));
        Assert.That(new DuplicateFinder(new DuplicateFinderOptions { MinThumbnailCorrelation = -1, MaxDistance = distance - 1 }).Find([test], [train]).Matches, Is.Empty);
        var match = new DuplicateFinder(new DuplicateFinderOptions { MinThumbnailCorrelation = -1, MaxDistance = distance }).Find([test], [train]).Matches.Single();
        Assert.That((match.Kind, match.Distance), Is.EqualTo((DuplicateKind.Near, distance)));
    }

    [Test]
    public void Strict_mode_stops_at_the_first_unreadable_image()
    {
        var broken = Write("x.png", "text"u8.ToArray());
        var exception = Assert.Throws<InvalidInputException>(() => new DuplicateFinder(new DuplicateFinderOptions { Strict = true }).Find([broken], []));
        Assert.That(exception!.Path, Is.EqualTo(broken));
    }

    [Test]
    public void Perceptual_hash_separates_different_images_and_is_stable()
    {
        var a = new GrayImage(64, 48, TestImages.Pattern(64, 48));
        var b = new GrayImage(64, 48, TestImages.Unrelated(64, 48));
        Assert.That(PerceptualHash.Compute(a), Is.EqualTo(PerceptualHash.Compute(a.Clone())));
        Assert.That(PerceptualHash.Distance(PerceptualHash.Compute(a), PerceptualHash.Compute(b)), Is.GreaterThan(16));
        Assert.That(PerceptualHash.Distance(0, ulong.MaxValue), Is.EqualTo(64));
        Assert.That(PerceptualHash.Compute(new GrayImage(1, 1, [9])), Is.EqualTo(PerceptualHash.Compute(new GrayImage(3, 2, [9, 9, 9, 9, 9, 9]))));
    }

    [Test]
    public void Options_are_validated()
    {
        Assert.That(new DuplicateFinderOptions().MaxDistance, Is.EqualTo(8));
        var exception = Assert.Throws<ArgumentException>(() => new DuplicateFinder(new DuplicateFinderOptions { MaxDistance = 65 }));
        Assert.That(exception!.Message, Does.Contain("MaxDistance must be between 0 and 64 (was 65)"));
    }

    /// <summary>Bilinear resize, independent of the code under test.</summary>
    private static byte[] Resize(byte[] source, int width, int height, int newWidth, int newHeight)
    {
        var result = new byte[newWidth * newHeight];
        for (var y = 0; y < newHeight; y++)
        {
            var sy = Math.Min(height - 1.001, Math.Max(0, ((y + 0.5) * height / newHeight) - 0.5));
            for (var x = 0; x < newWidth; x++)
            {
                var sx = Math.Min(width - 1.001, Math.Max(0, ((x + 0.5) * width / newWidth) - 0.5));
                int x0 = (int)sx, y0 = (int)sy;
                double fx = sx - x0, fy = sy - y0;
                double Value(int xx, int yy) => source[(yy * width) + xx];
                var v = (Value(x0, y0) * (1 - fx) * (1 - fy)) + (Value(x0 + 1, y0) * fx * (1 - fy)) + (Value(x0, y0 + 1) * (1 - fx) * fy) + (Value(x0 + 1, y0 + 1) * fx * fy);
                result[(y * newWidth) + x] = (byte)Math.Round(v);
            }
        }

        return result;
    }

    private string Write(string name, byte[] bytes) => TestImages.Write(_temp.Combine(name.Split('/')), bytes);

    private sealed class SynchronousProgress(List<int> values) : IProgress<int>
    {
        public void Report(int value) => values.Add(value);
    }
}
