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

    [TestCase(Joint.Shoulder, PhantomStyle.Internet, "5389CE0372160B12280D358D91CE280ABC04C5A3C5BD46D2694DAF8D3536388E")]
    [TestCase(Joint.Shoulder, PhantomStyle.Hospital, "45F664C7BD4D2EFFED92E5A5076802494B504A42E73A319F09A723658A209581")]
    [TestCase(Joint.Elbow, PhantomStyle.Internet, "C1164CAB53B9F020BF1FBFAD365D84D898F8CDD378153B13E6B34518D7EA5B98")]
    [TestCase(Joint.Elbow, PhantomStyle.Hospital, "B7DC10F31F13689B6109B9333805D260DFBC377717DEF8FED007543B7E7890FB")]
    [TestCase(Joint.Hip, PhantomStyle.Internet, "6C77D304998A4675CCD69BA03446D6BD8EBE14CB2575E0F6AAFE440A33EBC11A")]
    [TestCase(Joint.Hip, PhantomStyle.Hospital, "76A7F7BB28C91B7D6B46CE39ABB41CEFF677650DA58C02D03A5E5A151DE493A5")]
    [TestCase(Joint.Tha, PhantomStyle.Internet, "84EDA9ADA9BF2279F220DA1A199EA65CBC7B3735554BED0590B5F2F2344082CF")]
    [TestCase(Joint.Tha, PhantomStyle.Hospital, "A694F0B2B1B04FF5537B3CABB509526831F53D7EEC7C3569B4D45DEE627F3F59")]
    public void Small_phantom_png_has_the_pinned_sha256(Joint joint, PhantomStyle style, string expected)
    {
        // Small and fixed in size, so the eight cases run in well under a second; dislocated, so the head is displaced.
        var options = new PhantomOptions { Joint = joint, Style = style, Dislocated = true, Width = 96, Height = 80 };

        var png = PhantomCodec.EncodePng(PhantomGenerator.Generate(options, Seed).Image);

        Assert.That(Convert.ToHexString(SHA256.HashData(png)), Is.EqualTo(expected), $"{joint} {style}, seed {Seed}");
    }
}
