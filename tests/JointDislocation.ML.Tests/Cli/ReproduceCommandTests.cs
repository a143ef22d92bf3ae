using System.Text.Json;
using System.Text.RegularExpressions;
using JointDislocation.ML.Tests.Reporting;

namespace JointDislocation.ML.Tests.Cli;

[NonParallelizable]
public class ReproduceCommandTests
{
    [Test]
    [Category("Browser")]
    public async Task Quick_run_on_one_joint_writes_results_and_a_report_a_browser_renders()
    {
        using var folder = new TemporaryDirectory("jdml-reproduce");
        var output = folder.Combine("run");

        var result = await CliRunner.RunAsync("reproduce", "--out", output, "--joints", "tha", "--quick", "--seed", "3");

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        using var summary = JsonDocument.Parse(result.Output);
        Assert.That(summary.RootElement.GetProperty("joints")[0].GetProperty("joint").GetString(), Is.EqualTo("tha"));

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "results.json")));
        var root = json.RootElement;
        Assert.That(root.GetProperty("seed").GetInt32(), Is.EqualTo(3));
        Assert.That(root.GetProperty("elapsedSeconds").GetDouble(), Is.GreaterThan(0));
        var joint = root.GetProperty("joints").EnumerateArray().Single();
        foreach (var field in new[] { "joint", "selected", "internal", "external", "internalVsExternalP", "threshold", "externalSensitivity", "externalSpecificity", "camHitRate", "paper" })
        {
            Assert.That(joint.TryGetProperty(field, out _), Is.True, $"results.json lacks '{field}'");
        }

        Assert.That(joint.GetProperty("inputSize").GetInt32(), Is.EqualTo(448), "whole-pelvis films run at 448 by default");
        Assert.That(summary.RootElement.GetProperty("joints")[0].GetProperty("inputSize").GetInt32(), Is.EqualTo(448));
        Assert.That(joint.GetProperty("internal").GetProperty("n").GetInt32(), Is.EqualTo(20));
        Assert.That(joint.GetProperty("external").GetProperty("n").GetInt32(), Is.EqualTo(100));
        var external = joint.GetProperty("external");
        Assert.That(external.GetProperty("delong").GetProperty("lower").GetDouble(), Is.LessThanOrEqualTo(external.GetProperty("auroc").GetDouble()));
        Assert.That(external.GetProperty("auroc").GetDouble(), Is.GreaterThan(0.5), "ResNet18 features separate THA phantoms better than chance");
        Assert.That(joint.GetProperty("paper").GetProperty("internal").GetDouble(), Is.EqualTo(1.0));
        Assert.That(joint.GetProperty("paper").GetProperty("external").GetDouble(), Is.EqualTo(0.95));
        Assert.That(joint.GetProperty("selected").GetString(), Does.Match("^(logreg|lightgbm)\\+static:2$"));
        var camHitRate = joint.GetProperty("camHitRate").GetDouble();
        var wilson = joint.GetProperty("camHitRateWilson");
        Assert.That(wilson.GetProperty("lower").GetDouble(), Is.InRange(0.0, camHitRate));
        Assert.That(wilson.GetProperty("upper").GetDouble(), Is.InRange(camHitRate, 1.0));

        Assert.That(File.Exists(Path.Combine(output, "report.md")), Is.True);
        Assert.That(File.Exists(Path.Combine(output, "figures", "roc-tha.png")), Is.True);
        Assert.That(File.Exists(Path.Combine(output, "figures", "cam-tha.png")), Is.True);

        var html = Path.Combine(output, "report.html");
        var figures = Regex.Count(await File.ReadAllTextAsync(html), "src=\"data:image/png;base64,");
        Assert.That(figures, Is.EqualTo(2), "one ROC figure and one CAM gallery");
        var dom = HeadlessChromium.DumpDom(html, new TemporaryDirectory("jdml-chromium"));
        Assert.That(dom, Does.Contain($"data-figures-decoded=\"{figures}\""), "the browser must decode every embedded figure");
        Assert.That(dom, Does.Contain("<th>External AUROC (95% CI)</th>"));
        Assert.That(dom, Does.Contain("<td>tha</td>"));
        Assert.That(dom, Does.Contain("Every image in this report is synthetic"));
    }

    [TestCase("100", "multiples of 32 from 64 to 1024 pixels, got 100")]
    [TestCase("90", "multiples of 32 from 64 to 1024 pixels, got 90")]
    public async Task An_input_size_it_cannot_use_is_bad_usage(string size, string message)
    {
        using var folder = new TemporaryDirectory("jdml-reproduce");

        var result = await CliRunner.RunAsync("reproduce", "--out", folder.Path, "--joints", "hip", "--quick", "--input-size", size, "--finetune-epochs", "1");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain(message));
        Assert.That(Directory.EnumerateFileSystemEntries(folder.Path), Is.Empty, "nothing written");
    }

    [Test]
    public async Task Unknown_joint_is_bad_usage()
    {
        using var folder = new TemporaryDirectory("jdml-reproduce");

        var result = await CliRunner.RunAsync("reproduce", "--out", folder.Path, "--joints", "knee", "--quick");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("unknown joint 'knee'"));
        Assert.That(File.Exists(folder.Combine("results.json")), Is.False);
    }

    [Test]
    public async Task Missing_out_is_bad_usage()
    {
        var result = await CliRunner.RunAsync("reproduce", "--quick");

        Assert.That(result.ExitCode, Is.EqualTo(2));
    }
}
