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
