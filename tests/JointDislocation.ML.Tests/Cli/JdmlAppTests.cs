namespace JointDislocation.ML.Tests.Cli;

public class JdmlAppTests
{
    private static readonly string[] ContractCommands = ["phantoms", "train", "evaluate", "predict", "export", "explain", "roc", "reproduce"];

    [Test]
    public async Task Help_lists_every_command_of_the_contract()
    {
        var result = await CliRunner.RunAsync("--help");

        Assert.That(result.ExitCode, Is.Zero);
        foreach (var command in ContractCommands)
        {
            Assert.That(result.Output, Does.Match($@"(?m)^\s+{command}\s"), $"'{command}' missing from --help");
        }
    }

    /// <summary>
    /// A full <c>reproduce</c> peaked at 3.9 GiB without large-object-heap compaction and at 1.58 GiB with it
    /// (docs/performance.md): the setting must reach the runtime configuration that ships next to <c>jdml.dll</c>.
    /// </summary>
    [Test]
    public void The_runtime_configuration_compacts_the_large_object_heap()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "jdml.runtimeconfig.json");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        var properties = json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.That(properties.TryGetProperty("System.GC.ConserveMemory", out var conserve), Is.True, $"{path} has no System.GC.ConserveMemory");
        Assert.That(conserve.GetInt32(), Is.InRange(1, 9));
    }

    [Test]
    public async Task Unknown_command_is_bad_usage()
    {
        var result = await CliRunner.RunAsync("fly-to-the-moon");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("fly-to-the-moon"));
    }

    [Test]
    public async Task Missing_required_option_is_bad_usage_and_names_the_option()
    {
        var result = await CliRunner.RunAsync("phantoms");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("--out"));
    }

    [Test]
    public async Task Value_outside_the_allowed_set_is_bad_usage()
    {
        var result = await CliRunner.RunAsync("phantoms", "--out", "x", "--style", "museum");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("museum"));
    }
}
