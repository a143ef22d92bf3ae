using System.Text.Json;
using JointDislocation.ML.Tests.Statistics;

namespace JointDislocation.ML.Tests.Cli;

/// <summary>
/// <c>jdml roc</c> end to end: held-out CSV files (never used by the unit tests, in assorted dialects) in, one JSON
/// object out, compared with pROC 1.18.
/// </summary>
public class RocCommandTests
{
    private static IEnumerable<string> HeldOutCases() =>
        ReferenceData.Cli.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("name").GetString()!);

    [TestCaseSource(nameof(HeldOutCases))]
    public async Task Agrees_with_pROC_on_held_out_files(string name)
    {
        var reference = ReferenceData.Cli.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        var path = Path.Combine(ReferenceData.Folder, "cli", name + ".csv");
        string[] args = ["roc", "--scores", path, .. reference.GetProperty("args").EnumerateArray().Select(a => a.GetString()!)];

        var result = await CliRunner.RunAsync(args);

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("n").GetInt32(), Is.EqualTo(reference.GetProperty("n").GetInt32()));
            Assert.That(root.GetProperty("positives").GetInt32(), Is.EqualTo(reference.GetProperty("positives").GetInt32()));
            Assert.That(root.GetProperty("negatives").GetInt32(), Is.EqualTo(reference.GetProperty("negatives").GetInt32()));
            Assert.That(root.GetProperty("auroc").GetDouble(), Is.EqualTo(reference.GetProperty("auc").GetDouble()).Within(1e-9));
            var delong = root.GetProperty("delong");
            Assert.That(delong.GetProperty("se").GetDouble(), Is.EqualTo(reference.GetProperty("se").GetDouble()).Within(1e-6));
            Assert.That(delong.GetProperty("lower").GetDouble(), Is.EqualTo(reference.GetProperty("lower95").GetDouble()).Within(1e-6));
            Assert.That(delong.GetProperty("upper").GetDouble(), Is.EqualTo(reference.GetProperty("upper95").GetDouble()).Within(1e-6));
            Assert.That(root.GetProperty("bootstrap").ValueKind, Is.EqualTo(JsonValueKind.Null), "bootstrap only with --bootstrap (null without, one EvaluationReport schema)");
            Assert.That(root.GetProperty("warnings").GetArrayLength(), Is.Zero);
            if (reference.TryGetProperty("z", out var z))
            {
                var comparison = root.GetProperty("comparison");
                Assert.That(comparison.GetProperty("auroc2").GetDouble(), Is.EqualTo(reference.GetProperty("auc2").GetDouble()).Within(1e-9));
                Assert.That(comparison.GetProperty("z").GetDouble(), Is.EqualTo(z.GetDouble()).Within(1e-6));
                Assert.That(comparison.GetProperty("pValue").GetDouble(), Is.EqualTo(reference.GetProperty("pValue").GetDouble()).Within(1e-6));
                Assert.That(
                    comparison.GetProperty("difference").GetDouble(),
                    Is.EqualTo(reference.GetProperty("auc").GetDouble() - reference.GetProperty("auc2").GetDouble()).Within(1e-9));
            }
            else
            {
                Assert.That(root.TryGetProperty("comparison", out _), Is.False, "comparison only with --compare");
            }
        });
    }

    [Test]
    public async Task Level_changes_the_DeLong_interval()
    {
        var reference = ReferenceData.Cli.GetProperty("cases")[0];
        var path = Path.Combine(ReferenceData.Folder, "cli", reference.GetProperty("name").GetString() + ".csv");

        var result = await CliRunner.RunAsync("roc", "--scores", path, "--level", "0.9");

        using var json = JsonDocument.Parse(result.Output);
        var delong = json.RootElement.GetProperty("delong");
        Assert.That(delong.GetProperty("lower").GetDouble(), Is.EqualTo(reference.GetProperty("lower90").GetDouble()).Within(1e-6));
        Assert.That(delong.GetProperty("upper").GetDouble(), Is.EqualTo(reference.GetProperty("upper90").GetDouble()).Within(1e-6));
    }

    [Test]
    public async Task Bootstrap_is_seeded_and_reported()
    {
        var path = Path.Combine(ReferenceData.Folder, "cli", "rating_01.csv");

        var first = await CliRunner.RunAsync("roc", "--scores", path, "--bootstrap", "300", "--seed", "11");
        var second = await CliRunner.RunAsync("roc", "--scores", path, "--bootstrap", "300", "--seed", "11");

        Assert.That(first.ExitCode, Is.Zero, first.Error);
        Assert.That(second.Output, Is.EqualTo(first.Output));
        using var json = JsonDocument.Parse(first.Output);
        var bootstrap = json.RootElement.GetProperty("bootstrap");
        Assert.That(bootstrap.GetProperty("replicates").GetInt32(), Is.EqualTo(300));
        Assert.That(bootstrap.GetProperty("seed").GetInt32(), Is.EqualTo(11));
        Assert.That(bootstrap.GetProperty("lower").GetDouble(), Is.LessThan(json.RootElement.GetProperty("auroc").GetDouble()));
        Assert.That(bootstrap.GetProperty("upper").GetDouble(), Is.GreaterThan(json.RootElement.GetProperty("auroc").GetDouble()));
    }

    [Test]
    public async Task One_class_prints_null_figures_and_a_warning()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.Combine("one.csv");
        await File.WriteAllTextAsync(path, "label,score\nlocated,0.1\nlocated,0.4\n");

        var result = await CliRunner.RunAsync("roc", "--scores", path);

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        Assert.That(json.RootElement.GetProperty("auroc").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(json.RootElement.GetProperty("delong").GetProperty("se").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(json.RootElement.GetProperty("warnings")[0].GetString(), Does.Contain("no positive cases"));
    }

    [Test]
    public async Task A_bad_row_exits_2_naming_file_and_row()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.Combine("bad.csv");
        await File.WriteAllTextAsync(path, "label,score\n1,0.9\n0,inf\n");

        var result = await CliRunner.RunAsync("roc", "--scores", path);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain(path).And.Contain("row 3"));
        Assert.That(result.Output, Is.Empty);
    }

    [Test]
    public async Task A_missing_file_or_bad_option_exits_2()
    {
        using var directory = new TemporaryDirectory();

        var missing = await CliRunner.RunAsync("roc", "--scores", directory.Combine("none.csv"));
        var badLevel = await CliRunner.RunAsync("roc", "--scores", directory.Combine("none.csv"), "--level", "1.5");
        var badColumn = await CliRunner.RunAsync("roc", "--scores", Path.Combine(ReferenceData.Folder, "cli", "rating_01.csv"), "--score", "prob");

        Assert.That(missing.ExitCode, Is.EqualTo(2));
        Assert.That(missing.Error, Does.Contain("none.csv"));
        Assert.That(badLevel.ExitCode, Is.EqualTo(2));
        Assert.That(badLevel.Error, Does.Contain("--level"));
        Assert.That(badColumn.ExitCode, Is.EqualTo(2));
        Assert.That(badColumn.Error, Does.Contain("prob"));
    }
}
