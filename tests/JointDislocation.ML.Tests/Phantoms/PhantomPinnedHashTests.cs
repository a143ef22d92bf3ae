using System.Security.Cryptography;
using JointDislocation.ML.Phantoms;

namespace JointDislocation.ML.Tests.Phantoms;

/// <summary>
/// Pins the bytes of one small phantom per joint and style, so that a change to the anatomy, the random source, the
/// detector model (blur, noise), the fonts or the encoder cannot pass unnoticed.
/// </summary>
/// <remarks>
/// When a change is meant to alter phantoms, regenerate these hashes deliberately (run the test and copy the actual
/// values from the failure messages) and say in the commit message which change moved them and why.
/// </remarks>
public class PhantomPinnedHashTests
{
    private const int Seed = 7;

    [TestCase(Joint.Shoulder, PhantomStyle.Internet, "DC15F7BCB840890A96158C4C5B534E5569B1983112D53CDA6780FE301BCF6506")]
    [TestCase(Joint.Shoulder, PhantomStyle.Hospital, "A11D5A3AD0A43FD677A566B8EE0E2BC584A4B1EC75FAE2D5B067D41D6D01661B")]
    [TestCase(Joint.Elbow, PhantomStyle.Internet, "2168B46DEC39471A2DCE4EE28D03DF833146CC7FDCD1EBE9F7F44FB19F3E9619")]
    [TestCase(Joint.Elbow, PhantomStyle.Hospital, "8B1B8B6B5DAA38190F895E5B9E39CD117B9B1442914AAC5ED6CE449DB81DD2C2")]
    [TestCase(Joint.Hip, PhantomStyle.Internet, "5262798F71D4748160394FE98DAFB3B0C5EFA1133F4C85200B12ACEA3A9BAB1F")]
    [TestCase(Joint.Hip, PhantomStyle.Hospital, "2FC5A32D17C9D1AB113D641387865C88417BB5831A18E896BBCF725CDC7E31D3")]
    [TestCase(Joint.Tha, PhantomStyle.Internet, "CF53A009E2981D96174CCADD422EFC7758D0611394C7A3DDDD3AE1CF5772957E")]
    [TestCase(Joint.Tha, PhantomStyle.Hospital, "640CAA015C62C31B861781417126C5696ADAA81763F2C4CB2356F13713049B25")]
    public void Small_phantom_png_has_the_pinned_sha256(Joint joint, PhantomStyle style, string expected)
    {
        // Small and fixed in size, so the eight cases run in well under a second; dislocated, so the head is displaced.
        var options = new PhantomOptions { Joint = joint, Style = style, Dislocated = true, Width = 96, Height = 80 };

        var png = PhantomCodec.EncodePng(PhantomGenerator.Generate(options, Seed).Image);

        Assert.That(Convert.ToHexString(SHA256.HashData(png)), Is.EqualTo(expected), $"{joint} {style}, seed {Seed}");
    }
}
