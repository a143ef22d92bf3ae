using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Tests.Data;

/// <summary>The one near-copy rule: exact by SHA-256; near only when the hash is close and the thumbnail confirms.</summary>
public class NearCopyRuleTests
{
    private static readonly GrayImage Image = new(64, 48, TestImages.Pattern(64, 48, 1));
    private static readonly GrayImage Inverted = new(64, 48, TestImages.Pattern(64, 48, 1).Select(v => (byte)(255 - v)).ToArray());

    [Test]
    public void Same_bytes_are_exact_and_the_same_picture_in_other_bytes_is_near()
    {
        var training = ImageFingerprint.Compute("a"u8, Image);

        Assert.That(NearCopyRule.Classify(ImageFingerprint.Compute("a"u8, Inverted), training), Is.EqualTo(DuplicateKind.Exact));
        Assert.That(NearCopyRule.Classify(ImageFingerprint.Compute("b"u8, Image), training), Is.EqualTo(DuplicateKind.Near));
        Assert.That(training.Sha256, Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("a"u8))));
    }

    [Test]
    public void A_close_hash_is_not_enough_without_a_confirming_thumbnail()
    {
        var training = ImageFingerprint.Compute("a"u8, Image);
        var other = ImageFingerprint.Compute("b"u8, Inverted) with { PerceptualHash = training.PerceptualHash ^ 0b111 };

        Assert.That(NearCopyRule.Classify(other, training), Is.Null, "thumbnails disagree");
        Assert.That(NearCopyRule.Classify(other with { Thumbnail = training.Thumbnail }, training with { Thumbnail = null }), Is.Null, "no thumbnail to confirm");
        Assert.That(NearCopyRule.Classify(other, training with { Thumbnail = null }, minThumbnailCorrelation: -1), Is.EqualTo(DuplicateKind.Near), "-1 asks for the hash alone");
        Assert.That(NearCopyRule.Classify(other with { Thumbnail = training.Thumbnail }, training, maxDistance: 2), Is.Null, "3 bits apart");
        Assert.That(NearCopyRule.Classify(other with { Thumbnail = training.Thumbnail }, training, maxDistance: 3), Is.EqualTo(DuplicateKind.Near));
    }
}
