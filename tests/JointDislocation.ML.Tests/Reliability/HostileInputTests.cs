using JointDislocation.ML.Data;
using JointDislocation.ML.Tests.Data;

namespace JointDislocation.ML.Tests.Reliability;

/// <summary>The hostile corpus through the library's readers: decoder, header check, folder and manifest loading.</summary>
public class HostileInputTests
{
    private TemporaryDirectory _folder = null!;
    private IReadOnlyList<HostileFile> _files = null!;

    [OneTimeSetUp]
    public void WriteCorpus()
    {
        _folder = new TemporaryDirectory("jdml-hostile");
        _files = HostileCorpus.WriteImages(_folder.Combine("located"));
        TestImages.Write(_folder.Combine("dislocated", "fine.png"), TestImages.GrayPng(32, 32, TestImages.Pattern(32, 32)));
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        HostileCorpus.Defuse(_folder.Combine("located"));
        _folder.Dispose();
    }

    [Test]
    public void Every_file_is_decoded_or_refused_with_its_reason_and_nothing_hangs_or_throws()
    {
        foreach (var file in _files)
        {
            var task = Task.Run(() => (Decoded: RadiographDecoder.TryDecode(file.Path, null, out var image, out var reason), image, reason));
            Assert.That(task.Wait(TimeSpan.FromSeconds(10)), Is.True, $"{file}: decoding hung");
            var (decoded, image, reason) = task.Result;
            switch (file.Expectation)
            {
                case HostileExpectation.Accepted:
                    Assert.That(decoded, Is.True, $"{file}: {reason}");
                    break;
                case HostileExpectation.Refused:
                    Assert.That(decoded, Is.False, file.Name);
                    Assert.That(reason, Does.Contain(file.Reason), file.Name);
                    break;
                default:
                    Assert.That(decoded ? image!.Width : 64, Is.EqualTo(64), $"{file}: {reason}");
                    break;
            }

            TestContext.Out.WriteLine($"{file.Name}: {(decoded ? $"decoded {image!.Width}×{image.Height}" : "refused: " + reason)}");
        }
    }

    [Test]
    public void Sixteen_bit_gif_one_pixel_and_cmyk_images_decode_to_the_right_size()
    {
        Assert.That(Size("sixteen-bit.png"), Is.EqualTo((64, 48)));
        Assert.That(Size("animated.gif"), Is.EqualTo((64, 48)));
        Assert.That(Size("one-pixel.png"), Is.EqualTo((1, 1)));

        // The four-component Adobe JPEG: libjpeg-turbo inside Skia decodes CMYK; C = M = Y = K = the pattern, so the
        // gray result must follow the pattern (bright disc, darker background) in one direction or the other.
        var cmyk = RadiographDecoder.Decode(_files.Single(f => f.Name == "cmyk.jpg").Path);
        var pattern = TestImages.Pattern(64, 48, variant: 3);
        var correlation = Correlation(pattern, cmyk.Pixels.ToArray());
        TestContext.Out.WriteLine($"CMYK JPEG decoded {cmyk.Width}×{cmyk.Height}, correlation with the source pattern {correlation:F3}");
        Assert.That(Math.Abs(correlation), Is.GreaterThan(0.9));
    }

    [Test]
    public void Header_check_refuses_what_it_can_see_without_decoding()
    {
        foreach (var file in _files.Where(f => f.Expectation == HostileExpectation.Refused && !TruncatedPastTheHeader(f)))
        {
            Assert.That(RadiographDecoder.TryReadHeader(file.Path, null, out _, out var reason), Is.False, file.Name);
            Assert.That(reason, Does.Contain(file.Reason), file.Name);
        }
    }

    [Test]
    public void Folder_load_lists_every_refused_file_once_with_its_reason()
    {
        var dataset = RadiographDataset.Load(_folder.Path);

        // Truncated PNG and JPEG files pass the header check; the decoder refuses them later, at the command's decode
        // step. A truncated DICOM file is refused at once: its header declares the pixel data's length.
        var refusedNow = _files.Where(f => f.Expectation == HostileExpectation.Refused && !TruncatedPastTheHeader(f)).ToList();
        Assert.That(dataset.Skipped.Select(s => s.Path), Is.EquivalentTo(refusedNow.Select(f => f.Path)));
        foreach (var file in refusedNow)
        {
            Assert.That(dataset.Skipped.Single(s => s.Path == file.Path).Reason, Does.Contain(file.Reason), file.Name);
        }

        Assert.That(dataset.Records.Select(r => Path.GetFileName(r.Path)), Is.SupersetOf(new[] { "animated.gif", "sixteen-bit.png", "one-pixel.png", "truncated.png", "fine.png" }));
    }

    [Test]
    public void Strict_folder_load_stops_at_the_first_refused_file_naming_it()
    {
        var exception = Assert.Throws<InvalidInputException>(() => RadiographDataset.Load(_folder.Path, new DatasetOptions { Strict = true }));

        var named = _files.Where(f => f.Expectation == HostileExpectation.Refused).Select(f => f.Path).ToList();
        Assert.That(named, Does.Contain(exception!.Path));
        Assert.That(exception.Message, Does.Contain(_files.Single(f => f.Path == exception.Path).Reason));
    }

    [Test]
    public void Manifest_listing_the_corpus_lists_every_refused_row()
    {
        var manifest = _folder.Combine("manifest.csv");
        File.WriteAllLines(manifest, ["path,label", "dislocated/fine.png,dislocated", .. _files.Select(f => $"located/{f.Name},located")]);

        var dataset = RadiographDataset.Load(manifest);

        foreach (var file in _files.Where(f => f.Expectation == HostileExpectation.Refused && !TruncatedPastTheHeader(f)))
        {
            var skipped = dataset.Skipped.Single(s => s.Path == file.Path);
            Assert.That(skipped.Reason, Does.Contain(file.Reason).And.Contain("row ").And.Contain("manifest.csv"), file.Name);
        }
    }

    private (int, int) Size(string name)
    {
        var image = RadiographDecoder.Decode(_files.Single(f => f.Name == name).Path);
        return (image.Width, image.Height);
    }

    private static double Correlation(byte[] a, byte[] b)
    {
        double ma = a.Average(v => (double)v), mb = b.Average(v => (double)v), sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }

        return sab / Math.Sqrt(saa * sbb);
    }

    private static bool TruncatedPastTheHeader(HostileFile file) =>
        file.Name.StartsWith("truncated", StringComparison.Ordinal) && !file.Name.EndsWith(".dcm", StringComparison.Ordinal);
}
