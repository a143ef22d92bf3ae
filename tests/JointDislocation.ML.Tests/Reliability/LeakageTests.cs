using System.Text.Json.Nodes;
using JointDislocation.ML.Data;
using JointDislocation.ML.Evaluation;
using JointDislocation.ML.Imaging;
using JointDislocation.ML.Phantoms;
using JointDislocation.ML.Tests.Cli;
using JointDislocation.ML.Tests.Data;
using JointDislocation.ML.Training;
using SkiaSharp;

namespace JointDislocation.ML.Tests.Reliability;

/// <summary>
/// Leakage between training and test images, both sides: resized, re-encoded copies must be flagged, and different
/// radiographs of the same joint must not be, although the 64-bit perceptual hash alone cannot tell them apart.
/// </summary>
[NonParallelizable]
public class LeakageTests
{
    [Test]
    public async Task Resized_reencoded_copies_of_training_images_are_listed_in_metrics_json_and_fresh_ones_are_not()
    {
        using var folder = new TemporaryDirectory("jdml-leak");
        var phantoms = await CliRunner.RunAsync("phantoms", "--out", folder.Combine("train"), "--joints", "hip", "--per-class", "6", "--seed", "1");
        Assert.That(phantoms.ExitCode, Is.Zero, phantoms.Error);
        var train = await CliRunner.RunAsync("train", "--data", folder.Combine("train"), "--out", folder.Combine("model"), "--joint", "hip",
            "--heads", "logreg", "--augment", "none", "--folds", "2");
        Assert.That(train.ExitCode, Is.Zero, train.Error);

        var copies = new List<string>();
        foreach (var label in new[] { "dislocated", "located" })
        {
            foreach (var source in Directory.GetFiles(folder.Combine("train", "hip", label)).Order(StringComparer.Ordinal).Take(2))
            {
                var bytes = ResizedJpeg(RadiographDecoder.Decode(source), quality: 70);
                copies.Add(TestImages.Write(folder.Combine("test", label, "copy-" + Path.GetFileNameWithoutExtension(source) + ".jpg"), bytes));
            }
        }

        // Fresh phantoms of the same joint, another seed: the same anatomy and view, but other radiographs.
        var fresh = await CliRunner.RunAsync("phantoms", "--out", folder.Combine("fresh"), "--joints", "hip", "--per-class", "4", "--seed", "2");
        Assert.That(fresh.ExitCode, Is.Zero, fresh.Error);
        foreach (var file in Directory.GetFiles(folder.Combine("fresh", "hip"), "*.png", SearchOption.AllDirectories))
        {
            File.Copy(file, folder.Combine("test", Path.GetFileName(Path.GetDirectoryName(file))!, Path.GetFileName(file)));
        }

        var evaluate = await CliRunner.RunAsync("evaluate", "--model", folder.Combine("model", "model.jdml"), "--data", folder.Combine("test"), "--out", folder.Combine("eval"));

        Assert.That(evaluate.ExitCode, Is.Zero, evaluate.Error);
        var metrics = JsonNode.Parse(await File.ReadAllTextAsync(folder.Combine("eval", "metrics.json")))!;
        Assert.That(metrics["n"]!.GetValue<int>(), Is.EqualTo(12));
        Assert.That(metrics["duplicatesOfTraining"]!.AsArray().Select(d => (string?)d), Is.EquivalentTo(copies));
        Assert.That(metrics["warnings"]!.AsArray().Select(w => (string?)w), Has.Some.Contain("4 test image(s) are copies of training images"));
    }

    [Test]
    public void Distinct_phantoms_that_the_hash_alone_confuses_are_not_flagged_but_every_copy_is()
    {
        var lines = new List<string>();
        foreach (var joint in new[] { Joint.Hip, Joint.Tha })
        {
            var images = Enumerable.Range(0, 60)
                .Select(i => PhantomGenerator.Generate(new PhantomOptions { Joint = joint, Dislocated = i % 2 == 0, Difficulty = 0.8 }, 500 + i).Image)
                .ToList();
            var training = images.Select((image, i) => Fingerprint($"train-{i}", image)).ToList();
            var copies = images.Select((image, i) => Scored($"copy-{i}", RadiographDecoder.TryDecode(ResizedJpeg(image, 70), null, out var copy, out _) ? copy : throw new AssertionException("copy"))).ToList();

            // Every training image against every other one: the pairs a test set of other radiographs would bring.
            var distances = new List<int>();
            var hashOnly = 0;
            var flagged = 0;
            for (var i = 0; i < images.Count; i++)
            {
                var others = training.Where((_, j) => j != i).ToList();
                var test = Scored($"distinct-{i}", images[i]);
                test = test with { Fingerprint = test.Fingerprint with { Sha256 = "not-the-same-bytes" } };
                distances.AddRange(others.Select(o => PerceptualHash.Distance(ulong.Parse(o.PerceptualHash, System.Globalization.NumberStyles.HexNumber, null), test.Fingerprint.PerceptualHash)));
                hashOnly += ModelEvaluator.CopiesOfTraining(others, [test], minCorrelation: -1).Count;
                flagged += ModelEvaluator.CopiesOfTraining(others, [test]).Count;
            }

            var copyDistances = copies.Select((c, i) => PerceptualHash.Distance(ulong.Parse(training[i].PerceptualHash, System.Globalization.NumberStyles.HexNumber, null), c.Fingerprint.PerceptualHash)).ToList();
            var copyCorrelations = copies.Select((c, i) => ImageThumbnail.Correlation(training[i].Thumbnail!, c.Fingerprint.Thumbnail!)).ToList();
            distances.Sort();
            lines.Add($"{joint}: {distances.Count / 2} distinct pairs, hash distance min {distances[0]}, 1st percentile {distances[distances.Count / 100]}, median {distances[distances.Count / 2]}; " +
                $"images flagged by the hash alone (≤ 8) {hashOnly}/{images.Count}, by hash + thumbnail {flagged}/{images.Count}; " +
                $"copies: hash distance max {copyDistances.Max()}, thumbnail correlation min {copyCorrelations.Min():F4}");

            Assert.That(flagged, Is.Zero, $"{joint}: distinct phantoms flagged as copies");
            Assert.That(ModelEvaluator.CopiesOfTraining(training, copies), Has.Count.EqualTo(copies.Count), $"{joint}: copies missed");
        }

        lines.ForEach(TestContext.Out.WriteLine);
    }

    [Test]
    public void Bundles_without_thumbnails_find_exact_copies_only_because_the_hash_alone_flags_other_radiographs()
    {
        // The evaluator used to let the hash decide alone where a bundle had no thumbnails, and so flagged a different
        // radiograph whose hash lies within 8 bits (as distinct phantoms of one joint do) as a copy. The one
        // near-copy rule needs the thumbnail to confirm a near copy.
        var image = new GrayImage(64, 48, TestImages.Pattern(64, 48, 1));
        var old = Fingerprint("train", image) with { Thumbnail = null };
        var different = Scored("other", new GrayImage(64, 48, TestImages.Pattern(64, 48, 1).Select(v => (byte)(255 - v)).ToArray()));
        var trainingHash = ulong.Parse(old.PerceptualHash, System.Globalization.NumberStyles.HexNumber, null);
        different = different with { Fingerprint = different.Fingerprint with { PerceptualHash = trainingHash ^ 0b1011 } };

        Assert.That(ModelEvaluator.CopiesOfTraining([old], [different], minCorrelation: -1), Has.Count.EqualTo(1), "the hash alone flags it");
        Assert.That(ModelEvaluator.CopiesOfTraining([old], [different]), Is.Empty);
        Assert.That(ModelEvaluator.CopiesOfTraining([old], [Scored("train", image)]), Has.Count.EqualTo(1), "exact copies are still found");
    }

    /// <summary>Two thirds of the size, then JPEG at the given quality: the copy an image search brings back.</summary>
    internal static byte[] ResizedJpeg(GrayImage image, int quality)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Gray8, SKAlphaType.Opaque));
        System.Runtime.InteropServices.Marshal.Copy(image.Pixels.ToArray(), 0, bitmap.GetPixels(), image.Pixels.Length);
        using var small = bitmap.Resize(new SKImageInfo(image.Width * 2 / 3, image.Height * 2 / 3, SKColorType.Gray8, SKAlphaType.Opaque), SKFilterQuality.Medium);
        using var encoded = SKImage.FromBitmap(small).Encode(SKEncodedImageFormat.Jpeg, quality);
        return encoded.ToArray();
    }

    private static TrainingImageFingerprint Fingerprint(string path, GrayImage image) =>
        new(path, PerceptualHash.Compute(image).ToString("x16", System.Globalization.CultureInfo.InvariantCulture)) { Thumbnail = ImageThumbnail.Compute(image) };

    // The path stands in for the file's SHA-256: equal paths are byte-identical files.
    private static ScoredImage Scored(string path, GrayImage image) =>
        new(new RadiographRecord(path, Joint.Hip, "located", false), new Prediction(0.5, 0, "located", 0.5), new ImageFingerprint(path, PerceptualHash.Compute(image), ImageThumbnail.Compute(image)));
}
