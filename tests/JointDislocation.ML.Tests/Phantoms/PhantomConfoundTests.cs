using JointDislocation.ML.Phantoms;
using JointDislocation.ML.Statistics;

namespace JointDislocation.ML.Tests.Phantoms;

/// <summary>
/// Everything but the sign is drawn the same way for both labels: with the same seed a located and a dislocated
/// phantom are framed identically (size, scale, rotation, mirroring, where the socket lands), and over many seeds
/// no framing statistic separates the labels.
/// </summary>
public class PhantomConfoundTests
{
    [Test]
    public void The_same_seed_frames_both_labels_identically([Values] Joint joint, [Values] PhantomStyle style)
    {
        for (var seed = 0; seed < 100; seed++)
        {
            var located = PhantomGenerator.Framing(new PhantomOptions { Joint = joint, Style = style, Dislocated = false }, seed);
            var dislocated = PhantomGenerator.Framing(new PhantomOptions { Joint = joint, Style = style, Dislocated = true }, seed);
            Assert.That(dislocated, Is.EqualTo(located), $"{joint} {style} seed {seed}: the framing follows the label");
        }
    }

    [Test]
    public void Dislocated_roi_lies_in_the_framing_box([Values] Joint joint, [Values] PhantomStyle style)
    {
        for (var seed = 0; seed < 12; seed++)
        {
            var options = new PhantomOptions { Joint = joint, Style = style, Dislocated = true, Width = 160, Height = 160 };
            var framing = PhantomGenerator.Framing(options, seed);
            var result = PhantomGenerator.Generate(options, seed);
            var box = framing.FramingBox;
            Assert.That(result.Roi.X, Is.GreaterThanOrEqualTo(box.X), $"{joint} {style} seed {seed}");
            Assert.That(result.Roi.Y, Is.GreaterThanOrEqualTo(box.Y), $"{joint} {style} seed {seed}");
            Assert.That(result.Roi.X + result.Roi.Width, Is.LessThanOrEqualTo(box.X + box.Width), $"{joint} {style} seed {seed}");
            Assert.That(result.Roi.Y + result.Roi.Height, Is.LessThanOrEqualTo(box.Y + box.Height), $"{joint} {style} seed {seed}");
        }
    }

    [Test]
    public void Framing_statistics_do_not_separate_the_labels([Values] Joint joint, [Values] PhantomStyle style)
    {
        // Different seeds per label (as a set is written), so this checks distributions, not pairs.
        const int PerClass = 300;
        string[] names = ["mmPerPixel", "rotation", "socketX", "socketY", "boxWidth", "boxHeight", "mirror", "pelvisView", "closeUp"];
        var labels = new List<bool>();
        var rows = new List<double[]>();
        foreach (var dislocated in new[] { false, true })
        {
            for (var index = 0; index < PerClass; index++)
            {
                var f = PhantomGenerator.Framing(new PhantomOptions { Joint = joint, Style = style, Dislocated = dislocated }, PhantomSetWriter.ImageSeed(42, joint, dislocated, index));
                rows.Add([f.MmPerPixel, f.RotationDegrees, f.SocketX / f.Width, f.SocketY / f.Height, f.FramingBox.Width / (double)f.Width, f.FramingBox.Height / (double)f.Height, f.Mirror ? 1 : 0, f.Kind == "pelvis" ? 1 : 0, f.Kind == "close-up" ? 1 : 0]);
                labels.Add(dislocated);
            }
        }

        var report = names.Select((name, s) => (name, auroc: Auroc.Compute(labels, rows.Select(r => r[s]).ToArray()))).ToArray();
        var line = string.Join(" ", report.Select(r => $"{r.name}={r.auroc:0.000}"));
        TestContext.Out.WriteLine($"{joint.ToName()} {style.ToName()}: {line}");
        foreach (var (name, auroc) in report)
        {
            Assert.That(auroc, Is.InRange(0.35, 0.65), $"{name} separates the labels: {line}");
        }
    }

    [TestCase(Joint.Hip)]
    [TestCase(Joint.Tha)]
    public void Hip_views_are_mostly_whole_pelvis_landscape_views_with_fewer_unilateral_and_close_up_views(Joint joint)
    {
        var kinds = new Dictionary<string, int>();
        for (var seed = 0; seed < 400; seed++)
        {
            var framing = PhantomGenerator.Framing(new PhantomOptions { Joint = joint, Style = seed % 2 == 0 ? PhantomStyle.Internet : PhantomStyle.Hospital }, seed);
            kinds[framing.Kind] = kinds.GetValueOrDefault(framing.Kind) + 1;
            if (framing.Kind == "pelvis")
            {
                Assert.That(framing.Width, Is.GreaterThanOrEqualTo(framing.Height), $"seed {seed}: a whole pelvis is landscape");
                Assert.That(framing.MmPerPixel * framing.Width, Is.InRange(250.0, 460.0), $"seed {seed}: a whole pelvis is 25-46 cm wide");
            }
        }

        Assert.That(kinds.GetValueOrDefault("pelvis"), Is.InRange(200, 280), string.Join(", ", kinds));
        Assert.That(kinds.GetValueOrDefault("close-up"), Is.InRange(30, 95), string.Join(", ", kinds));
        Assert.That(kinds.GetValueOrDefault("joint"), Is.InRange(60, 140), string.Join(", ", kinds));
    }
}
