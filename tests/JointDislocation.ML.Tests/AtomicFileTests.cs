namespace JointDislocation.ML.Tests;

public class AtomicFileTests
{
    [Test]
    public void Writes_text_and_leaves_no_temporary_file()
    {
        using var folder = new TemporaryDirectory();
        var path = folder.Combine("out", "result.json");

        AtomicFile.WriteAllText(path, "{\"a\":1}");

        Assert.That(File.ReadAllText(path), Is.EqualTo("{\"a\":1}"));
        Assert.That(Directory.GetFiles(folder.Combine("out")), Has.Length.EqualTo(1));
    }

    [Test]
    public void A_failing_writer_leaves_the_previous_content_intact()
    {
        using var folder = new TemporaryDirectory();
        var path = folder.Combine("result.json");
        AtomicFile.WriteAllText(path, "old");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.WriteByte((byte)'n');
            throw new InvalidOperationException("disk on fire");
        }));

        Assert.That(File.ReadAllText(path), Is.EqualTo("old"));
        Assert.That(Directory.GetFiles(folder.Path), Has.Length.EqualTo(1));
    }
}
