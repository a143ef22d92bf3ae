using JointDislocation.ML.Data;
using JointDislocation.ML.Phantoms;
using SkiaSharp;

namespace JointDislocation.ML.Tests.Phantoms;

public class RealisticCorpusTests
{
    [Test]
    public void Plans_follow_the_proportions_of_internet_radiographs()
    {
        const int N = 4000;
        var plans = Enumerable.Range(0, N).Select(i => RealisticCorpus.Plan(11, i)).ToList();
        double Share(Func<RealisticCorpusFile, bool> which) => plans.Count(which) / (double)N;

        // Binomial standard error at N = 4000 is under 0.008; 0.03 is about four of them.
        Assert.That(Share(p => p.Format == ImageFormat.Jpeg), Is.EqualTo(RealisticCorpus.JpegShare).Within(0.03));
        Assert.That(Share(p => p.Format == ImageFormat.Png), Is.EqualTo(RealisticCorpus.PngShare).Within(0.03));
        Assert.That(Share(p => p.Format == ImageFormat.Gif), Is.EqualTo(1 - RealisticCorpus.JpegShare - RealisticCorpus.PngShare).Within(0.03));
        Assert.That(Share(p => p.Rgb), Is.EqualTo(RealisticCorpus.RgbShare).Within(0.03));
        Assert.That(plans.Where(p => p.Format == ImageFormat.Png).Count(p => p.BitDepth == 16) / (double)plans.Count(p => p.Format == ImageFormat.Png),
            Is.EqualTo(RealisticCorpus.SixteenBitPngShare).Within(0.05));
        Assert.That(plans.Where(p => p.BitDepth == 16).All(p => p.Format == ImageFormat.Png), Is.True);
        Assert.That(plans.Where(p => p.Orientation != 1).All(p => p.Format == ImageFormat.Jpeg && p.Orientation is >= 2 and <= 8), Is.True);
        Assert.That(plans.Where(p => p.Format == ImageFormat.Jpeg).Count(p => p.Orientation != 1) / (double)plans.Count(p => p.Format == ImageFormat.Jpeg),
            Is.EqualTo(RealisticCorpus.OrientedJpegShare).Within(0.03));
        Assert.That(plans.Where(p => p.Quality is not null).All(p => p.Quality is >= 60 and <= 95), Is.True);

        // Log-uniform long side: within the range, its logarithm's quartiles evenly spaced.
        var logs = plans.Select(p => Math.Log(Math.Max(p.Width, p.Height))).Order().ToList();
        Assert.That(plans.All(p => Math.Max(p.Width, p.Height) is >= RealisticCorpus.MinLongSide and <= RealisticCorpus.MaxLongSide), Is.True);
        var (low, high) = (Math.Log(RealisticCorpus.MinLongSide), Math.Log(RealisticCorpus.MaxLongSide));
        for (var q = 1; q <= 3; q++)
        {
            Assert.That(logs[q * N / 4], Is.EqualTo(low + (q * (high - low) / 4)).Within(0.08), $"quartile {q}");
        }
    }

    [Test]
    public void The_same_seed_writes_the_same_bytes_and_every_file_decodes_as_planned()
    {
        using var temp = new TemporaryDirectory("jdml-corpus");
        var first = RealisticCorpus.Write(temp.Combine("a"), 10, seed: 3);
        var second = RealisticCorpus.Write(temp.Combine("b"), 10, seed: 3);
        var other = RealisticCorpus.Write(temp.Combine("c"), 10, seed: 4);

        Assert.That(first.Select(f => File.ReadAllBytes(f.Path)), Is.EqualTo(second.Select(f => File.ReadAllBytes(f.Path))));
        Assert.That(first.Select(f => f with { Path = "" }), Is.EqualTo(second.Select(f => f with { Path = "" })));
        Assert.That(first.Zip(other).Count(p => File.ReadAllBytes(p.First.Path).SequenceEqual(File.ReadAllBytes(p.Second.Path))), Is.Zero);
        foreach (var file in first)
        {
            Assert.That(ImageFormatSniffer.Sniff(File.ReadAllBytes(file.Path)), Is.EqualTo(file.Format), file.Path);
            Assert.That(RadiographDecoder.TryReadHeader(file.Path, null, out var header, out var reason), Is.True, reason);
            Assert.That((header!.Width, header.Height), Is.EqualTo((file.Width, file.Height)), file.Path);
            Assert.That(header.BitsPerSample, Is.EqualTo(file.BitDepth), file.Path);
            var image = RadiographDecoder.Decode(file.Path, ImageDecodingOptions.Exact);
            var transposed = file.Orientation >= 5;
            Assert.That((image.Width, image.Height), Is.EqualTo(transposed ? (file.Height, file.Width) : (file.Width, file.Height)), file.Path);
        }
    }

    [TestCase(3, SKEncodedOrigin.BottomRight)]
    [TestCase(6, SKEncodedOrigin.RightTop)]
    [TestCase(8, SKEncodedOrigin.LeftBottom)]
    public void The_exif_segment_carries_the_orientation_to_the_decoder(int orientation, SKEncodedOrigin origin)
    {
        const int W = 48, H = 32;
        var gray = JointDislocation.ML.Tests.Data.TestImages.Pattern(W, H);
        var plain = InternetFileEncoder.Jpeg(W, H, gray, rgb: false, quality: 90, orientation: 1);
        var tagged = InternetFileEncoder.Jpeg(W, H, gray, rgb: false, quality: 90, orientation);

        using (var data = SKData.CreateCopy(tagged))
        using (var codec = SKCodec.Create(data))
        {
            Assert.That(codec.EncodedOrigin, Is.EqualTo(origin));
        }

        Assert.That(RadiographDecoder.TryDecode(plain, null, out var upright, out _), Is.True);
        Assert.That(RadiographDecoder.TryDecode(tagged, null, out var turned, out var reason), Is.True, reason);
        var expected = ImageOrientation.Apply(upright!, origin);
        Assert.That((turned!.Width, turned.Height), Is.EqualTo((expected.Width, expected.Height)));
        Assert.That(turned.Pixels.SequenceEqual(expected.Pixels), Is.True, "same scan data, only turned");
    }
}
