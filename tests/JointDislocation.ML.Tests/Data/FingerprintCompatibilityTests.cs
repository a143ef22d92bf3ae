using System.Security.Cryptography;
using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Tests.Data;

/// <summary>
/// The one-pass fingerprint (hash and thumbnail from one box average) gives exactly what the separate computations
/// gave, so the fingerprints in existing model bundles still match.
/// </summary>
public class FingerprintCompatibilityTests
{
    [TestCase(8, 8)]
    [TestCase(16, 16)]
    [TestCase(31, 40)]
    [TestCase(32, 32)]
    [TestCase(33, 97)]
    [TestCase(224, 224)]
    [TestCase(640, 481)]
    [TestCase(1001, 777)]
    public void One_pass_fingerprint_equals_the_previous_computation(int width, int height)
    {
        var image = new GrayImage(width, height, TestImages.Pattern(width, height, width % 5));
        var pixels = image.MutablePixels;
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(pixels[i] ^ ((i * 2654435761u) >> 28)); // texture, so every cell differs
        }

        var bytes = TestImages.GrayPng(width, height, image.Pixels.ToArray());
        var print = ImageFingerprint.Compute(bytes, image);

        Assert.That(print.Sha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(bytes))));
        Assert.That(print.PerceptualHash, Is.EqualTo(PerceptualHash.Compute(image)));
        Assert.That(print.Thumbnail, Is.EqualTo(ImageThumbnail.Compute(image)));
    }

    [Test]
    public void A_bundle_fingerprint_written_before_still_matches()
    {
        // Pinned from the previous computation (PerceptualHash.Compute and ImageThumbnail.Compute, before the one-pass
        // fingerprint) for this pattern: a bundle written then compares equal now.
        var image = new GrayImage(300, 200, TestImages.Pattern(300, 200, 1));
        var print = ImageFingerprint.Compute(TestImages.GrayPng(300, 200, image.Pixels.ToArray()), image);
        Assert.That(print.PerceptualHashHex, Is.EqualTo(PinnedHash));
        Assert.That(Convert.ToHexStringLower(SHA256.HashData(Convert.FromHexString(print.Thumbnail!))), Is.EqualTo(PinnedThumbnailSha256));
    }

    private const string PinnedHash = "3331f3b3cccc3231";
    private const string PinnedThumbnailSha256 = "b442e50a25760efe4b7a2a37feac756be2c6493f313f93048cd5391ae46967cc";
}
