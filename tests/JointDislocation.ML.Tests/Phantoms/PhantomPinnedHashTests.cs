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
    [TestCase(Joint.Hip, PhantomStyle.Internet, "9B6FE8F0D9DB70E83AC1CC6A08C363AC9AD7218F10D1ACD15C6F5478030C519E")]
    [TestCase(Joint.Hip, PhantomStyle.Hospital, "EBD7430428FC4AD4CC3CE0E9D5064CC8FF4FE2FFD5C992C5F298D02CBF7FA9B7")]
    [TestCase(Joint.Tha, PhantomStyle.Internet, "987E99B00F2315644CC21CFED14001123A968E117D60986E86F2161CE2D1F225")]
    [TestCase(Joint.Tha, PhantomStyle.Hospital, "0B4363677E4DFFF03D69A589ABA3689BFA42396125A6FED48547DF8534490C1C")]
    public void Small_phantom_png_has_the_pinned_sha256(Joint joint, PhantomStyle style, string expected)
    {
        // Small and fixed in size, so the eight cases run in well under a second; dislocated, so the head is displaced.
        var options = new PhantomOptions { Joint = joint, Style = style, Dislocated = true, Width = 96, Height = 80 };

        var png = PhantomCodec.EncodePng(PhantomGenerator.Generate(options, Seed).Image);

        Assert.That(Convert.ToHexString(SHA256.HashData(png)), Is.EqualTo(expected), $"{joint} {style}, seed {Seed}");
    }
}
