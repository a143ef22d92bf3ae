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

    [TestCase(Joint.Shoulder, PhantomStyle.Internet, "599D96CEE169AACEF128646A1F27DF68A4151F69AAAD128E70BEED5E78DFDC83")]
    [TestCase(Joint.Shoulder, PhantomStyle.Hospital, "93DD7BE46A79AB5C8ED53C24E150F2B994608F0F753CFECFE9E4C2EABD2DEA9B")]
    [TestCase(Joint.Elbow, PhantomStyle.Internet, "175EE1CD107776333FE203646C0D8A5F73BC63EC5F3F79EA008C47CA3EED8548")]
    [TestCase(Joint.Elbow, PhantomStyle.Hospital, "443C95D16ED95C8079E2DE6FD56DBC536F1F87FD461A3CFECC504E3F43A9E28D")]
    [TestCase(Joint.Hip, PhantomStyle.Internet, "07ED6A42F4BDEB095A4A5E4A83EAACA8F375F185C88CDE822D988193F0AC3943")]
    [TestCase(Joint.Hip, PhantomStyle.Hospital, "F8A6DF4B59950FF93F30CD5DC25A33C72BE3D0DED7724E1AC4907C6B8D8C0A5E")]
    [TestCase(Joint.Tha, PhantomStyle.Internet, "7755DE16536744915D5CA0DA1FBDB33DD2FBD0902386D89F44D4449B414C6700")]
    [TestCase(Joint.Tha, PhantomStyle.Hospital, "4FD1DBC10ADE29D972AAC6266DA2637CF86BBFEFF8745E1DCFC765598C5CF71B")]
    public void Small_phantom_png_has_the_pinned_sha256(Joint joint, PhantomStyle style, string expected)
    {
        // Small and fixed in size, so the eight cases run in well under a second; dislocated, so the head is displaced.
        var options = new PhantomOptions { Joint = joint, Style = style, Dislocated = true, Width = 96, Height = 80 };

        var png = PhantomCodec.EncodePng(PhantomGenerator.Generate(options, Seed).Image);

        Assert.That(Convert.ToHexString(SHA256.HashData(png)), Is.EqualTo(expected), $"{joint} {style}, seed {Seed}");
    }
}
