namespace JointDislocation.ML.Tests.Cli;

public class PhantomsCommandTests
{
    [Test]
    public async Task Writes_the_set_and_prints_a_json_summary()
    {
        using var folder = new TemporaryDirectory("jdml-phantoms");

        var result = await CliRunner.RunAsync("phantoms", "--out", folder.Path, "--joints", "elbow,hip", "--per-class", "2", "--style", "hospital", "--difficulty", "0.8", "--seed", "3");

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        using var json = System.Text.Json.JsonDocument.Parse(result.Output);
        Assert.That(json.RootElement.GetProperty("images").GetInt32(), Is.EqualTo(8));
        Assert.That(json.RootElement.GetProperty("joints").GetProperty("hip").GetProperty("dislocated").GetInt32(), Is.EqualTo(2));
        var manifest = json.RootElement.GetProperty("manifest").GetString()!;
        Assert.That(manifest, Is.EqualTo(folder.Combine("manifest.csv")));
        var lines = await File.ReadAllLinesAsync(manifest);
        Assert.That(lines, Has.Length.EqualTo(9));
        Assert.That(lines.Skip(1).All(l => l.Split(',')[3] == "hospital"), Is.True);
        Assert.That(Directory.GetFiles(folder.Combine("elbow", "dislocated"), "*.png"), Has.Length.EqualTo(2));
        Assert.That(Directory.Exists(folder.Combine("shoulder")), Is.False);
    }

    [Test]
    public async Task Same_seed_same_bytes_through_the_command()
    {
        using var one = new TemporaryDirectory("jdml-phantoms");
        using var two = new TemporaryDirectory("jdml-phantoms");

        await CliRunner.RunAsync("phantoms", "--out", one.Path, "--joints", "tha", "--per-class", "1");
        await CliRunner.RunAsync("phantoms", "--out", two.Path, "--joints", "tha", "--per-class", "1");

        Assert.That(await File.ReadAllBytesAsync(two.Combine("tha", "dislocated", "tha-dislocated-000.png")), Is.EqualTo(await File.ReadAllBytesAsync(one.Combine("tha", "dislocated", "tha-dislocated-000.png"))));
        Assert.That(await File.ReadAllTextAsync(two.Combine("manifest.csv")), Is.EqualTo(await File.ReadAllTextAsync(one.Combine("manifest.csv"))));
    }

    [TestCase("--joints", "shoulder,knee", "knee")]
    [TestCase("--per-class", "0", "--per-class")]
    [TestCase("--difficulty", "1.5", "--difficulty")]
    [TestCase("--difficulty", "-0.1", "--difficulty")]
    public async Task Bad_values_are_bad_usage(string option, string value, string named)
    {
        using var folder = new TemporaryDirectory("jdml-phantoms");

        var result = await CliRunner.RunAsync("phantoms", "--out", folder.Path, option, value);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain(named));
        Assert.That(File.Exists(folder.Combine("manifest.csv")), Is.False);
    }

    [Test]
    public async Task Unknown_joint_lists_the_known_ones()
    {
        var result = await CliRunner.RunAsync("phantoms", "--out", "unused", "--joints", "ankle");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("shoulder, elbow, hip, tha"));
    }
}
