using System.Text;
using System.Text.Json;
using JointDislocation.ML.Data;
using JointDislocation.ML.Tests.Cli;
using JointDislocation.ML.Tests.Training;

namespace JointDislocation.ML.Tests.Data;

/// <summary>DICOM through DCMTK, on real files made by DCMTK's own tools.</summary>
public class DicomTests
{
    private const int Size = 64;
    private TemporaryDirectory _folder = null!;
    private string _model = null!;
    private string _empty = null!;

    [OneTimeSetUp]
    public async Task Train()
    {
        DicomFiles.RequireDcmtk();
        _folder = new TemporaryDirectory("jdml-dicom");
        _empty = Directory.CreateDirectory(_folder.Combine("no-dcmtk")).FullName;
        TrainingData.Write(_folder.Combine("train"), perClass: 8, seed: 41, size: Size);
        var result = await CliRunner.RunAsync("train", "--data", _folder.Combine("train"), "--out", _folder.Combine("model"),
            "--heads", "logreg", "--augment", "none", "--folds", "3", "--seed", "5");
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        _model = _folder.Combine("model", "model.jdml");
    }

    [OneTimeTearDown]
    public void CleanUp() => _folder?.Dispose();

    [TestCase("plain")]
    [TestCase("jpegls")]
    [TestCase("rle")]
    [TestCase("monochrome1")]
    public async Task Dicom_decodes_like_the_png_of_the_same_pixels_and_predicts_the_same(string variant)
    {
        var gray = TrainingData.Scene(new Random(7), Size, Size, positive: true);
        var png = TestImages.Write(_folder.Combine(variant, "image.png"), TestImages.GrayPng(Size, Size, gray));
        var dicom = DicomFiles.Write(_folder.Combine(variant, "image.dcm"), Size, Size, gray, variant);

        var decoded = RadiographDecoder.Decode(dicom);
        var reference = RadiographDecoder.Decode(png);
        Assert.That((decoded.Width, decoded.Height), Is.EqualTo((Size, Size)));
        var difference = decoded.Pixels.ToArray().Zip(reference.Pixels.ToArray(), (a, b) => Math.Abs(a - b)).Max();

        // DCMTK's MONOCHROME1 rendering rounds the inversion onto the output range: within one grey level.
        Assert.That(difference, Is.LessThanOrEqualTo(variant == "monochrome1" ? 1 : 0), "largest pixel difference");

        var fromDicom = await Probability(dicom);
        var fromPng = await Probability(png);
        Assert.That(fromDicom, Is.EqualTo(fromPng).Within(2e-3));
    }

    [Test]
    public async Task Predict_on_a_multi_frame_file_scores_its_first_frame_with_one_warning()
    {
        var gray = TrainingData.Scene(new Random(10), Size, Size, positive: true);
        var single = DicomFiles.Write(_folder.Combine("multi", "single.dcm"), Size, Size, gray, "plain");
        var multi = DicomFiles.Write(_folder.Combine("multi", "multi.dcm"), Size, Size, gray, "plain");
        DicomFiles.AddFrames(multi, 2, fill: 0);

        var result = await CliRunner.RunAsync("predict", "--model", _model, "--image", multi);
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Error.Split('\n').Count(l => l.Contains("multi-frame DICOM (3 frames); only the first frame is read", StringComparison.Ordinal)), Is.EqualTo(1), result.Error);
        using var json = JsonDocument.Parse(result.Output);
        Assert.That(json.RootElement.GetProperty("probability").GetDouble(), Is.EqualTo(await Probability(single)).Within(1e-9));
    }

    [TestCase("implicit")]
    [TestCase("bigendian")]
    [TestCase("deflated")]
    public void Other_uncompressed_syntaxes_decode_to_the_same_pixels(string variant)
    {
        var gray = TrainingData.Scene(new Random(8), Size, Size, positive: false);
        var dicom = DicomFiles.Write(_folder.Combine(variant, "image.dcm"), Size, Size, gray, variant);

        Assert.That(RadiographDecoder.Decode(dicom).Pixels.ToArray(), Is.EqualTo(gray));
    }

    [Test]
    public void The_files_window_is_applied_and_min_max_is_an_option()
    {
        var gray = new byte[Size * Size];
        for (var i = 0; i < gray.Length; i++)
        {
            gray[i] = (byte)(i % 256);
        }

        var dicom = DicomFiles.Write(_folder.Combine("window", "image.dcm"), Size, Size, gray, "plain");
        DicomFiles.Tool("dcmodify", "-nb", "-i", "(0028,1050)=128", "-i", "(0028,1051)=64", dicom);

        var windowed = RadiographDecoder.Decode(dicom).Pixels.ToArray();
        for (var i = 0; i < gray.Length; i++)
        {
            // DICOM's linear window: centre 128, width 64 maps 96..159 onto 0..255.
            var expected = gray[i] <= 96 ? 0 : gray[i] > 159 ? 255 : ((gray[i] - 127.5) / 63 + 0.5) * 255;
            Assert.That(windowed[i], Is.EqualTo(expected).Within(1.01), $"stored value {gray[i]}");
        }

        var minMax = RadiographDecoder.Decode(dicom, ImageDecodingOptions.Default with { DicomWindow = DicomWindowChoice.MinMax }).Pixels.ToArray();
        Assert.That(minMax, Is.EqualTo(gray), "min-max over 0..255 keeps the stored values");
    }

    [Test]
    public void A_12_bit_file_gets_its_rescale_and_window_applied()
    {
        var gray = new byte[Size * Size];
        for (var i = 0; i < gray.Length; i++)
        {
            gray[i] = (byte)(i % 256);
        }

        // An 8-bit file from img2dcm, through dcm2xml, rewritten as 12 bits stored in 16 (stored = 16 × gray), back
        // through xml2dcm; then dcmodify adds rescale (slope 2, intercept -1000) and a window on the rescaled values.
        var plain = DicomFiles.Write(_folder.Combine("twelve", "plain.dcm"), Size, Size, gray, "plain");
        var xml = _folder.Combine("twelve", "plain.xml");
        DicomFiles.Tool("dcm2xml", "+Wb", plain, xml);
        var text = File.ReadAllText(xml);
        text = System.Text.RegularExpressions.Regex.Replace(text, "(<element tag=\"0028,0100\"[^>]*>)8<", "${1}16<");
        text = System.Text.RegularExpressions.Regex.Replace(text, "(<element tag=\"0028,0101\"[^>]*>)8<", "${1}12<");
        text = System.Text.RegularExpressions.Regex.Replace(text, "(<element tag=\"0028,0102\"[^>]*>)7<", "${1}11<");
        var words = string.Join('\\', gray.Select(g => (g * 16).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)));
        text = System.Text.RegularExpressions.Regex.Replace(text, "<element tag=\"7fe0,0010\".*?</element>",
            $"<element tag=\"7fe0,0010\" vr=\"OW\" vm=\"1\" len=\"{gray.Length * 2}\" name=\"PixelData\" binary=\"yes\">{words}</element>",
            System.Text.RegularExpressions.RegexOptions.Singleline);
        File.WriteAllText(xml, text);
        var twelve = _folder.Combine("twelve", "twelve.dcm");
        DicomFiles.Tool("xml2dcm", xml, twelve);

        // Modality value m = 2 × 16 × gray − 1000; the window spans gray 64..191 (m 1048..5112).
        DicomFiles.Tool("dcmodify", "-nb", "-i", "(0028,1052)=-1000", "-i", "(0028,1053)=2", "-i", "(0028,1054)=US",
            "-i", "(0028,1050)=3080", "-i", "(0028,1051)=4096", twelve);
        Assert.That(RadiographDecoder.TryReadHeader(twelve, null, out var header, out var reason), Is.True, reason);
        Assert.That(header!.BitsPerSample, Is.EqualTo(16));

        var decoded = RadiographDecoder.Decode(twelve).Pixels.ToArray();
        for (var i = 0; i < gray.Length; i++)
        {
            var m = (32.0 * gray[i]) - 1000;
            var expected = Math.Clamp((((m - 3079.5) / 4095) + 0.5) * 255, 0, 255);
            Assert.That(decoded[i], Is.EqualTo(expected).Within(1.01), $"stored gray {gray[i]}");
        }
    }

    [Test]
    public async Task Evaluate_strict_scores_a_folder_of_dicom_files_and_no_output_holds_the_patient_name()
    {
        var data = _folder.Combine("dicom-test");
        var random = new Random(43);
        var variants = new[] { "plain", "jpegls", "rle", "monochrome1" };
        for (var i = 0; i < 8; i++)
        {
            var positive = i % 2 == 0;
            var label = positive ? "dislocated" : "located";
            DicomFiles.Write(Path.Combine(data, label, $"{label}-{i}.dcm"), Size, Size, TrainingData.Scene(random, Size, Size, positive), variants[i / 2 % 4]);
        }

        var output = _folder.Combine("dicom-eval");
        var result = await CliRunner.RunAsync("evaluate", "--model", _model, "--data", data, "--out", output, "--strict");

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        using (var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json"))))
        {
            Assert.That(metrics.RootElement.GetProperty("n").GetInt32(), Is.EqualTo(8));
        }

        Assert.That(Encoding.Latin1.GetString(File.ReadAllBytes(Directory.GetFiles(data, "*.dcm", SearchOption.AllDirectories)[0])),
            Does.Contain("ZZTOKEN"), "the name is planted in the input");
        foreach (var file in Directory.GetFiles(output, "*", SearchOption.AllDirectories))
        {
            Assert.That(Encoding.Latin1.GetString(File.ReadAllBytes(file)), Does.Not.Contain("ZZTOKEN"), file);
        }

        Assert.That(result.Output + result.Error, Does.Not.Contain("ZZTOKEN"));
    }

    [TestCase("truncated", "truncated DICOM")]
    [TestCase("wrong-length", "damaged DICOM")]
    [TestCase("huge", "above the limit")]
    [TestCase("no-pixels", "without pixel data")]
    [TestCase("jpeg2000-syntax", "libgdcm-tools")]
    public void Hostile_dicom_is_refused_with_a_reason_before_dcmtk_runs(string damage, string expected)
    {
        var gray = TrainingData.Scene(new Random(9), Size, Size, positive: false);
        var path = DicomFiles.Write(_folder.Combine("hostile", damage + ".dcm"), Size, Size, gray, damage == "jpeg2000-syntax" ? "jpegls" : "plain");
        switch (damage)
        {
            case "truncated":
                var bytes = File.ReadAllBytes(path);
                File.WriteAllBytes(path, bytes[..(bytes.Length * 2 / 3)]);
                break;
            case "wrong-length":
                var all = File.ReadAllBytes(path);
                var at = IndexOf(all, [0x10, 0x00, 0x10, 0x00, (byte)'P', (byte)'N']);
                Assert.That(at, Is.GreaterThan(0), "PatientName element");
                all[at + 6] = 0xF0;
                all[at + 7] = 0xFF;
                File.WriteAllBytes(path, all);
                break;
            case "huge":
                DicomFiles.Tool("dcmodify", "-nb", "-m", "(0028,0010)=15000", "-m", "(0028,0011)=15000", path);
                break;
            case "no-pixels":
                DicomFiles.Tool("dcmodify", "-nb", "-e", "(7fe0,0010)", path);
                break;
            case "jpeg2000-syntax":
                // JPEG-LS's transfer syntax UID relabelled as JPEG 2000's, which has the same length.
                var file = File.ReadAllBytes(path);
                var uid = IndexOf(file, Encoding.ASCII.GetBytes("1.2.840.10008.1.2.4.80"));
                Assert.That(uid, Is.GreaterThan(0), "transfer syntax UID");
                file[uid + 20] = (byte)'9';
                File.WriteAllBytes(path, file);
                break;
        }

        // No DCMTK in reach: a refusal that names the file's fault shows our own check refused it first.
        var options = ImageDecodingOptions.Default with { DcmtkFolder = _empty };
        Assert.That(RadiographDecoder.TryDecode(path, options, out _, out var reason), Is.False);
        Assert.That(reason, Does.Contain(expected));
        Assert.That(RadiographDecoder.TryDecode(path, null, out _, out reason), Is.False);

        // With the tools in reach, JPEG-LS bytes under JPEG 2000's name reach GDCM, which refuses them.
        Assert.That(reason, Does.Contain(damage == "jpeg2000-syntax" && DicomDecoder.FindTool("gdcmconv", ImageDecodingOptions.Default) is not null ? "GDCM's gdcmconv" : expected));
    }

    [Test]
    public void Cut_and_flipped_dicom_headers_never_crash()
    {
        var gray = TrainingData.Scene(new Random(5), 16, 16, positive: false);
        var path = DicomFiles.Write(_folder.Combine("fuzz", "seed.dcm"), 16, 16, gray, "plain");
        var original = File.ReadAllBytes(path);
        var options = ImageDecodingOptions.Default with { DcmtkFolder = _empty };
        var random = new Random(17);
        for (var round = 0; round < 400; round++)
        {
            var bytes = original[..random.Next(133, original.Length + 1)];
            for (var flips = random.Next(0, 4); flips > 0; flips--)
            {
                bytes[random.Next(132, bytes.Length)] = (byte)random.Next(256);
            }

            Assert.That(() => RadiographDecoder.TryDecode(bytes, options, out _, out _), Throws.Nothing, $"round {round}");
        }
    }

    [Test]
    public void The_header_is_read_without_decoding()
    {
        var gray = TrainingData.Scene(new Random(3), Size, Size, positive: false);
        var path = DicomFiles.Write(_folder.Combine("header", "h.dcm"), Size, Size, gray, "rle");

        Assert.That(RadiographDecoder.TryReadHeader(path, ImageDecodingOptions.Default with { DcmtkFolder = _empty }, out var header, out var reason), Is.True, reason);
        Assert.That(header, Is.EqualTo(new ImageHeader(Size, Size, "dicom", 8)));
    }

    [Test]
    public async Task Without_dcmtk_each_dicom_file_is_skipped_with_the_reason_and_strict_exits_2()
    {
        var data = _folder.Combine("mixed-no-dcmtk");
        var random = new Random(47);
        for (var i = 0; i < 8; i++)
        {
            var positive = i % 2 == 0;
            var label = positive ? "dislocated" : "located";
            var gray = TrainingData.Scene(random, Size, Size, positive);
            if (i < 2)
            {
                DicomFiles.Write(Path.Combine(data, label, $"{label}-{i}.dcm"), Size, Size, gray, "plain");
            }
            else
            {
                TestImages.Write(Path.Combine(data, label, $"{label}-{i}.png"), TestImages.GrayPng(Size, Size, gray));
            }
        }

        var options = ImageDecodingOptions.Default with { DcmtkFolder = _empty };
        Assert.That(RadiographDecoder.TryDecode(Path.Combine(data, "dislocated", "dislocated-0.dcm"), options, out _, out var reason), Is.False);
        Assert.That(reason, Is.EqualTo(RadiographDecoder.DicomNeedsDcmtk));

        var previous = Environment.GetEnvironmentVariable("JDML_DCMTK");
        Environment.SetEnvironmentVariable("JDML_DCMTK", _empty);
        try
        {
            var output = _folder.Combine("eval-no-dcmtk");
            var result = await CliRunner.RunAsync("evaluate", "--model", _model, "--data", data, "--out", output);
            Assert.That(result.ExitCode, Is.Zero, result.Error);
            using (var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json"))))
            {
                var skipped = metrics.RootElement.GetProperty("skipped").EnumerateArray().ToList();
                Assert.That(skipped, Has.Count.EqualTo(2));
                Assert.That(skipped.Select(s => s.GetProperty("reason").GetString()), Is.All.EqualTo(RadiographDecoder.DicomNeedsDcmtk));
            }

            var lines = result.Error.Split('\n').Where(l => l.Contains("DICOM needs DCMTK", StringComparison.Ordinal)).ToList();
            Assert.That(lines, Has.Count.EqualTo(1), result.Error);
            Assert.That(lines[0], Does.Contain("2 DICOM files skipped"));

            var strict = await CliRunner.RunAsync("evaluate", "--model", _model, "--data", data, "--out", _folder.Combine("eval-no-dcmtk-strict"), "--strict");
            Assert.That(strict.ExitCode, Is.EqualTo(2));
            Assert.That(strict.Error, Does.Contain("DICOM needs DCMTK"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("JDML_DCMTK", previous);
        }
    }

    private async Task<double> Probability(string image)
    {
        var result = await CliRunner.RunAsync("predict", "--model", _model, "--image", image);
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        return json.RootElement.GetProperty("probability").GetDouble();
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        return -1;
    }
}
