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
    [TestCase(Joint.Hip, PhantomStyle.Internet, "C38C7DBFB37B2F05C26C28DF4FF5E8FF9B2332F8F4982117691989A0608493B8")]
    [TestCase(Joint.Hip, PhantomStyle.Hospital, "3BF7984C8358FDBC2AF689687D00A1BD872CF6F9AF0CB68D99FA12DF362B9F70")]
    [TestCase(Joint.Tha, PhantomStyle.Internet, "ED39F4A2D256E9322FC4AFB49597AC90CFC890BC0C39AD73A8721B0C703A468D")]
    [TestCase(Joint.Tha, PhantomStyle.Hospital, "F91A6EA3FED31F8624A688C6C2E80D7081A82B3F518A249DE66CF61A37050D4C")]
    public void Small_phantom_png_has_the_pinned_sha256(Joint joint, PhantomStyle style, string expected)
    {
        // Small and fixed in size, so the eight cases run in well under a second; dislocated, so the head is displaced.
        var options = new PhantomOptions { Joint = joint, Style = style, Dislocated = true, Width = 96, Height = 80 };

        var png = PhantomCodec.EncodePng(PhantomGenerator.Generate(options, Seed).Image);

        Assert.That(Convert.ToHexString(SHA256.HashData(png)), Is.EqualTo(expected), $"{joint} {style}, seed {Seed}");
    }
}
