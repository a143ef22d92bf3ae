using JointDislocation.ML.Phantoms;
using JointDislocation.ML.Statistics;

namespace JointDislocation.ML.Tests.Phantoms;

/// <summary>
/// The label must not be given away by global statistics: on 100 images per joint and style, none of mean
/// intensity, spread, width, height and PNG file size, nor the exposure outside the joint (mean, 10th and 90th
/// percentile of the pixels outside the framing box, which holds the socket and wherever the head could go) may
/// separate the labels (AUROC within 0.30–0.70), nor the number of burned-in artefacts and their share of the image.
/// </summary>
public class PhantomStatisticsTests
{
    private static readonly string[] Statistics = ["mean", "spread", "width", "height", "fileSize", "outsideMean", "outsideP10", "outsideP90", "artifactCount", "artifactArea"];

    [Test]
    public void Global_statistics_do_not_give_the_label_away([Values] Joint joint, [Values] PhantomStyle style)
    {
        const int PerClass = 50;
        var rows = new double[2 * PerClass][];
        var labels = new bool[2 * PerClass];
        Parallel.For(0, 2 * PerClass, n =>
        {
            var dislocated = n >= PerClass;
            var index = n % PerClass;
            var options = new PhantomOptions { Joint = joint, Style = style, Dislocated = dislocated };
            var seed = PhantomSetWriter.ImageSeed(42, joint, dislocated, index);
            var result = PhantomGenerator.Generate(options, seed);
            rows[n] = [.. Measure(result), .. Outside(result, PhantomGenerator.Framing(options, seed).FramingBox), result.Artifacts.Count, result.Artifacts.Sum(a => (double)a.Area) / (result.Image.Width * (double)result.Image.Height)];
            labels[n] = dislocated;
        });

        var report = new List<string>();
        for (var s = 0; s < Statistics.Length; s++)
        {
            var auroc = Auroc(rows.Select(r => r[s]).ToArray(), labels);
            report.Add($"{Statistics[s]}={auroc:0.000}");
        }

        TestContext.Out.WriteLine($"{joint.ToName()} {style.ToName()}: {string.Join(" ", report)}");
        for (var s = 0; s < Statistics.Length; s++)
        {
            var auroc = Auroc(rows.Select(r => r[s]).ToArray(), labels);
            Assert.That(auroc, Is.InRange(0.30, 0.70), $"{Statistics[s]} separates the labels: {string.Join(" ", report)}");
        }
    }

    private static double[] Measure(PhantomResult result)
    {
        var pixels = result.Image.Pixels;
        double sum = 0, sumSquares = 0;
        foreach (var p in pixels)
        {
            sum += p;
            sumSquares += p * (double)p;
        }

        var mean = sum / pixels.Length;
        var spread = Math.Sqrt(Math.Max(0, (sumSquares / pixels.Length) - (mean * mean)));
        var size = PhantomCodec.EncodePng(result.Image).Length;
        return [mean, spread, result.Image.Width, result.Image.Height, size];
    }

    /// <summary>Mean, 10th and 90th percentile of the pixels outside the framing box.</summary>
    private static double[] Outside(PhantomResult result, JointDislocation.ML.Imaging.PixelBox box)
    {
        var image = result.Image;
        var values = new List<byte>();
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                if (x < box.X || x >= box.X + box.Width || y < box.Y || y >= box.Y + box.Height)
                {
                    values.Add(image.Pixels[(y * image.Width) + x]);
                }
            }
        }

        if (values.Count == 0)
        {
            return [0, 0, 0];
        }

        values.Sort();
        return [values.Average(v => v), values[values.Count / 10], values[values.Count * 9 / 10]];
    }

    /// <summary>Mann–Whitney AUROC with ties counted one half (positives = true).</summary>
    private static double Auroc(double[] scores, bool[] labels)
    {
        double wins = 0;
        var positives = 0;
        var negatives = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (!labels[i])
            {
                negatives++;
                continue;
            }

            positives++;
            for (var j = 0; j < scores.Length; j++)
            {
                if (!labels[j])
                {
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }

        return wins / ((double)positives / 1 * negatives);
    }
}
