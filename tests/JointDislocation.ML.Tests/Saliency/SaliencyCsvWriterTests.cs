using System.Globalization;
using JointDislocation.ML.Saliency;

namespace JointDislocation.ML.Tests.Saliency;

public class SaliencyCsvWriterTests
{
    private static readonly SaliencyCsvRow[] Rows =
    [
        new("hip/dislocated/a.png", "dislocated", 0.8734, SaliencyMethod.Cam, new SaliencyScoreResult(120, 88, true, 0.625, 0.1, 0.0, 0.0, false)),
        new("hip/located/b, copy.png", "located", 1e-05, SaliencyMethod.Occlusion, new SaliencyScoreResult(3, 4, false, 0.125, 0.1, 0.5, 0.02, true)),
        new("user/c.png", "", 0.5, SaliencyMethod.Cam, new SaliencyScoreResult(0, 0, null, null, null, null, null, false)),
    ];

    [Test]
    public void Header_and_rows_are_exact()
    {
        var text = SaliencyCsvWriter.Format(Rows);

        Assert.That(text, Is.EqualTo(
            "path,label,score,method,peakX,peakY,hit,roiEnergy,artifactEnergy\n" +
            "hip/dislocated/a.png,dislocated,0.8734,cam,120,88,true,0.625,0\n" +
            "\"hip/located/b, copy.png\",located,1E-05,occlusion,3,4,false,0.125,0.5\n" +
            "user/c.png,,0.5,cam,0,0,,,\n"));
    }

    [Test]
    public void Formatting_ignores_the_current_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.That(SaliencyCsvWriter.Format(Rows), Does.Contain(",0.8734,"));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Test]
    public void Quotes_in_fields_are_doubled()
    {
        var row = Rows[0] with { Path = "a\"b.png" };

        Assert.That(SaliencyCsvWriter.Format([row]), Does.Contain("\n\"a\"\"b.png\",dislocated,"));
    }

    [Test]
    public void Write_puts_the_same_text_in_a_file()
    {
        using var folder = new TemporaryDirectory("saliency-csv");
        var path = folder.Combine("out", "saliency.csv");

        SaliencyCsvWriter.Write(path, Rows);

        Assert.That(File.ReadAllText(path), Is.EqualTo(SaliencyCsvWriter.Format(Rows)));
    }

    [Test]
    public void Non_finite_scores_are_refused()
    {
        Assert.That(() => SaliencyCsvWriter.Format([Rows[0] with { Score = double.NaN }]), Throws.ArgumentException);
    }
}
