using System.Text.Json;
using JointDislocation.ML.Data;
using JointDislocation.ML.Training;
using SkiaSharp;

namespace JointDislocation.ML.Tests.Data;

public class ImageFormatSnifferTests
{
    private static readonly byte[] Gray = TestImages.Pattern(16, 12);

    [Test]
    public void Every_format_read_is_told_by_its_content()
    {
        Assert.That(ImageFormatSniffer.Sniff(TestImages.GrayPng(16, 12, Gray)), Is.EqualTo(ImageFormat.Png));
        Assert.That(ImageFormatSniffer.Sniff(TestImages.SkiaEncode(16, 12, Gray, SKEncodedImageFormat.Jpeg)), Is.EqualTo(ImageFormat.Jpeg));
        Assert.That(ImageFormatSniffer.Sniff(TestImages.SkiaEncode(16, 12, Gray, SKEncodedImageFormat.Webp)), Is.EqualTo(ImageFormat.WebP));
        Assert.That(ImageFormatSniffer.Sniff(TestImages.Gif(16, 12, Gray)), Is.EqualTo(ImageFormat.Gif));
        Assert.That(ImageFormatSniffer.Sniff(TestImages.Bmp(16, 12, (x, y) => ((byte)x, (byte)y, 0))), Is.EqualTo(ImageFormat.Bmp));
    }

    [Test]
    public void Dicom_is_told_with_and_without_its_preamble()
    {
        var withPreamble = new byte[200];
        "DICM"u8.CopyTo(withPreamble.AsSpan(128));
        Assert.That(ImageFormatSniffer.Sniff(withPreamble), Is.EqualTo(ImageFormat.Dicom));

        // (0002,0000) UL 4: explicit VR; (0008,0016) with an implicit length of 26.
        byte[] explicitMeta = [0x02, 0x00, 0x00, 0x00, (byte)'U', (byte)'L', 0x04, 0x00, 0x9A, 0, 0, 0];
        byte[] implicitIdentifying = [0x08, 0x00, 0x16, 0x00, 26, 0, 0, 0, .. new byte[26]];
        Assert.That(ImageFormatSniffer.Sniff(explicitMeta), Is.EqualTo(ImageFormat.Dicom));
        Assert.That(ImageFormatSniffer.Sniff(implicitIdentifying), Is.EqualTo(ImageFormat.Dicom));
    }

    [Test]
    public void Text_empty_and_short_content_is_unknown()
    {
        Assert.That(ImageFormatSniffer.Sniff("path,label\nimg/a.png,dislocated\n"u8), Is.EqualTo(ImageFormat.Unknown));
        Assert.That(ImageFormatSniffer.Sniff([]), Is.EqualTo(ImageFormat.Unknown));
        Assert.That(ImageFormatSniffer.Sniff([0xFF, 0xD8]), Is.EqualTo(ImageFormat.Unknown));
        Assert.That(ImageFormatSniffer.Sniff("BM is not enough"u8), Is.EqualTo(ImageFormat.Unknown));
    }

    [Test]
    public void A_file_is_sniffed_from_its_first_bytes_whatever_its_name()
    {
        using var temp = new TemporaryDirectory("jdml-sniff");
        var jpeg = TestImages.Write(temp.Combine("Unknown"), TestImages.SkiaEncode(16, 12, Gray, SKEncodedImageFormat.Jpeg));
        var png = TestImages.Write(temp.Combine("x.jpg"), TestImages.GrayPng(16, 12, Gray));
        var text = TestImages.Write(temp.Combine("notes.png"), "hello"u8.ToArray());

        Assert.That(ImageFormatSniffer.TrySniff(jpeg, out var a, out _) && a == ImageFormat.Jpeg, Is.True);
        Assert.That(ImageFormatSniffer.TrySniff(png, out var b, out _) && b == ImageFormat.Png, Is.True);
        Assert.That(ImageFormatSniffer.TrySniff(text, out var c, out _) && c == ImageFormat.Unknown, Is.True);
        Assert.That(ImageFormatSniffer.TrySniff(temp.Combine("missing"), out _, out var reason), Is.False);
        Assert.That(reason, Is.EqualTo("file not found"));
    }

    [Test]
    public void A_fingerprint_stored_by_an_older_bundle_with_a_path_still_loads_without_it()
    {
        var old = """{"path":"/hospital/ACC123/image.png","sha256":"ab","perceptualHash":"00000000000000ff","thumbnail":null}""";
        var print = JsonSerializer.Deserialize<TrainingImageFingerprint>(old, JsonConventions.Options)!;
        Assert.That(print.ToImageFingerprint().PerceptualHash, Is.EqualTo(0xFFUL));
        Assert.That(JsonSerializer.Serialize(print, JsonConventions.Options), Does.Not.Contain("path"));
    }
}
