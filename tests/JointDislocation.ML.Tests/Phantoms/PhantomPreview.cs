using JointDislocation.ML.Phantoms;

namespace JointDislocation.ML.Tests.Phantoms;

/// <summary>Regenerates the contact sheets of docs/phantoms.md (docs/images/phantoms-&lt;joint&gt;.png).</summary>
[Explicit("Writes the documentation's contact sheets; run by name when the generator changes.")]
public class PhantomPreview
{
    public const double Difficulty = 0.3;
    public const int Seed = 1;

    [Test]
    public void Write_docs_contact_sheets()
    {
        var folder = Environment.GetEnvironmentVariable("PHANTOM_PREVIEW") ?? Path.Combine(RepositoryPaths.Root, "docs", "images");
        Directory.CreateDirectory(folder);
        foreach (var joint in JointNames.All)
        {
            var sheet = PhantomContactSheet.ForJoint(joint, Difficulty, Seed);
            AtomicFile.WriteAllBytes(Path.Combine(folder, $"phantoms-{joint.ToName()}.png"), PhantomCodec.EncodePng(sheet));
        }

        AtomicFile.WriteAllBytes(Path.Combine(folder, "phantoms-artefacts.png"), PhantomCodec.EncodePng(ArtefactSheet()));
    }

    /// <summary>
    /// One internet figure of each kind (second panel, screenshot border, caption, inverted, circle, shrunk and
    /// enlarged, large, small), the joints in turn, located and dislocated alternating; then four hospital images.
    /// </summary>
    private static JointDislocation.ML.Imaging.GrayImage ArtefactSheet()
    {
        Func<FigurePlan, bool>[] kinds =
        [
            p => p.Panel is { Horizontal: true },
            p => p.Screenshot is { Toolbar: > 0 },
            p => p.Caption is not null,
            p => p.Invert,
            p => p.Circle.Drawn && p.Arrow.Drawn,
            p => p.DownUp is > 0 and < 0.45,
            p => Math.Max(p.Width, p.Height) > 1800,
            p => Math.Max(p.Width, p.Height) < 300,
        ];
        var rows = new List<IReadOnlyList<PhantomResult>> { new List<PhantomResult>(), new List<PhantomResult>(), new List<PhantomResult>() };
        for (var k = 0; k < kinds.Length; k++)
        {
            var joint = JointNames.All[k % 4];
            var dislocated = k % 2 == 1;
            var seed = Enumerable.Range(Seed * 1000, 2000).First(s => kinds[k](PhantomGenerator.Framing(new PhantomOptions { Joint = joint, Style = PhantomStyle.Internet, Dislocated = dislocated, Difficulty = Difficulty }, s).Figure!));
            ((List<PhantomResult>)rows[k / 4]).Add(PhantomGenerator.Generate(new PhantomOptions { Joint = joint, Style = PhantomStyle.Internet, Dislocated = dislocated, Difficulty = Difficulty }, seed));
        }

        for (var j = 0; j < 4; j++)
        {
            ((List<PhantomResult>)rows[2]).Add(PhantomGenerator.Generate(new PhantomOptions { Joint = JointNames.All[j], Style = PhantomStyle.Hospital, Dislocated = j % 2 == 0, Difficulty = Difficulty }, (Seed * 1000) + 7 + j));
        }

        return PhantomContactSheet.Compose(rows);
    }

    [Test]
    public void Write_single_examples()
    {
        // Full-size phantoms, for looking at detail the contact sheets shrink away.
        var folder = Environment.GetEnvironmentVariable("PHANTOM_SINGLES");
        if (folder is null)
        {
            Assert.Ignore("Set PHANTOM_SINGLES to a folder to write full-size examples.");
        }

        Directory.CreateDirectory(folder);
        foreach (var joint in JointNames.All)
        {
            foreach (var dislocated in new[] { false, true })
            {
                var options = new PhantomOptions { Joint = joint, Dislocated = dislocated, Style = PhantomStyle.Hospital, Difficulty = 0.0, Width = 640, Height = 640 };
                var result = PhantomGenerator.Generate(options, Seed + (dislocated ? 1 : 0));
                AtomicFile.WriteAllBytes(Path.Combine(folder, $"{joint.ToName()}-{(dislocated ? "dislocated" : "located")}.png"), PhantomCodec.EncodePng(result.Image));
            }
        }
    }
}
