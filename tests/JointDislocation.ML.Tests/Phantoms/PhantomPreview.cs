using JointDislocation.ML.Phantoms;

namespace JointDislocation.ML.Tests.Phantoms;

[Explicit("Writes preview contact sheets for a person to look at.")]
public class PhantomPreview
{
    [Test]
    public void Write_previews()
    {
        var folder = Environment.GetEnvironmentVariable("PHANTOM_PREVIEW") ?? "/tmp/phantom-preview";
        Directory.CreateDirectory(folder);
        var difficulty = double.Parse(Environment.GetEnvironmentVariable("PHANTOM_DIFFICULTY") ?? "0.3", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var joint in JointNames.All)
        {
            var sheet = PhantomContactSheet.ForJoint(joint, difficulty, 1);
            File.WriteAllBytes(Path.Combine(folder, $"sheet-{joint.ToName()}.png"), PhantomCodec.EncodePng(sheet));
        }
    }
}
