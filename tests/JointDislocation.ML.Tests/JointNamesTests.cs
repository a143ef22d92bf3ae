namespace JointDislocation.ML.Tests;

public class JointNamesTests
{
    [TestCase("shoulder", Joint.Shoulder)]
    [TestCase(" Elbow ", Joint.Elbow)]
    [TestCase("HIP", Joint.Hip)]
    [TestCase("tha", Joint.Tha)]
    public void Parse_accepts_names_in_any_case(string text, Joint expected)
    {
        Assert.That(JointNames.Parse(text), Is.EqualTo(expected));
    }

    [Test]
    public void Parse_lists_known_joints_when_the_name_is_unknown()
    {
        var exception = Assert.Throws<FormatException>(() => JointNames.Parse("knee"));
        Assert.That(exception!.Message, Does.Contain("knee").And.Contain("shoulder, elbow, hip, tha"));
    }

    [Test]
    public void Names_round_trip_for_every_joint()
    {
        foreach (var joint in JointNames.All)
        {
            Assert.That(JointNames.Parse(joint.ToName()), Is.EqualTo(joint));
        }
    }
}
