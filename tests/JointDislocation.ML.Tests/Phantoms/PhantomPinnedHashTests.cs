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

    [TestCase(Joint.Shoulder, PhantomStyle.Internet, "BCAE4C98957D1EF7039F8E9DE2E1D9750F4A60F6C5B9FF2522E8012F188B4E74")]
    [TestCase(Joint.Shoulder, PhantomStyle.Hospital, "7E455A8708E5F528DEB58871EF1D009D2082951CCF0311AAAFB5D6F40AE592A3")]
    [TestCase(Joint.Elbow, PhantomStyle.Internet, "8B683EDC83A2261B8E0F003A9937035CC65CC2D22BAE683BEE7AC628C16BC806")]
    [TestCase(Joint.Elbow, PhantomStyle.Hospital, "F4DFB23041BD3E32DE7234CB4DCEBF7B5B0B7285DB17A7CB56CD64F3440D9655")]
    [TestCase(Joint.Hip, PhantomStyle.Internet, "D3AD60A931EADD8E20FB2F99C2684EC9E4391895CF035EA90EDD24BEF6D8382B")]
    [TestCase(Joint.Hip, PhantomStyle.Hospital, "3EB803F609C80632F28D4C07FC2B96151D6A4C4C015D813A1D9AC5241115A700")]
    [TestCase(Joint.Tha, PhantomStyle.Internet, "0BBEF51AABF52B577C3404FEF47EC00BF7E5680D6D6C87CD453EC336D93F4BE4")]
    [TestCase(Joint.Tha, PhantomStyle.Hospital, "D792D1221302610BB48A13DE57DC41E370E31240DEAB2BCD78E2B0C6492C9FB0")]
    public void Small_phantom_png_has_the_pinned_sha256(Joint joint, PhantomStyle style, string expected)
    {
        // Small and fixed in size, so the eight cases run in well under a second; dislocated, so the head is displaced.
        var options = new PhantomOptions { Joint = joint, Style = style, Dislocated = true, Width = 96, Height = 80 };

        var png = PhantomCodec.EncodePng(PhantomGenerator.Generate(options, Seed).Image);

        Assert.That(Convert.ToHexString(SHA256.HashData(png)), Is.EqualTo(expected), $"{joint} {style}, seed {Seed}");
    }
}
