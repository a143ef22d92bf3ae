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

    [TestCase(Joint.Shoulder, PhantomStyle.Internet, "BA6E50AEC70663A21FB94F7F55C962FE846425A4C6886EA3FBCE7B863CED7D31")]
    [TestCase(Joint.Shoulder, PhantomStyle.Hospital, "F576E7D2166283AA6D6AC8B5135561E5F11496CD61FEB151F7E3A20F926996B0")]
    [TestCase(Joint.Elbow, PhantomStyle.Internet, "048BAAC4DDD3D82C2FB8D2D5AE3EB8D6A19AEBF7AB962174A4B305803F60EFE6")]
    [TestCase(Joint.Elbow, PhantomStyle.Hospital, "83405BAAE4F6FC7461B52F1EA62036ACFE6E00063ADB1543B7F39B2ED7EDD33B")]
    [TestCase(Joint.Hip, PhantomStyle.Internet, "AEBC48196B174388D649AC9C47C8F551D612A0959AC6A099B47CD63F1E12B072")]
    [TestCase(Joint.Hip, PhantomStyle.Hospital, "BC977A24934E8ECB9B8A49FC6FE9F94820A5A150487FD1E40CF6B59A048CCCE5")]
    [TestCase(Joint.Tha, PhantomStyle.Internet, "0E2E92C34E05B16D564ECAB1D6C79BA14AC0AB580DE8FE08757D82538ECE76AC")]
    [TestCase(Joint.Tha, PhantomStyle.Hospital, "F3F3DB3C1AFB0D2041A694A17CD261490C7AABB1FEF934CBB998651E7608C8CE")]
    public void Small_phantom_png_has_the_pinned_sha256(Joint joint, PhantomStyle style, string expected)
    {
        // Small and fixed in size, so the eight cases run in well under a second; dislocated, so the head is displaced.
        var options = new PhantomOptions { Joint = joint, Style = style, Dislocated = true, Width = 96, Height = 80 };

        var png = PhantomCodec.EncodePng(PhantomGenerator.Generate(options, Seed).Image);

        Assert.That(Convert.ToHexString(SHA256.HashData(png)), Is.EqualTo(expected), $"{joint} {style}, seed {Seed}");
    }
}
