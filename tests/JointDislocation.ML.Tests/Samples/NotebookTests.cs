using System.Text.RegularExpressions;
using JointDislocation.ML.Tests.Packaging;

namespace JointDislocation.ML.Tests.Samples;

/// <summary>
/// Runs every code cell of <c>samples/notebooks/JointDislocation.ipynb</c> in order with the .NET Interactive C#
/// kernel, its own install lines included (<c>#i "nuget: ./artifacts/packages"</c>, <c>#r "nuget: JointDislocation.ML,
/// …"</c>), against a freshly packed package, and fails on the first cell that reports an error.
/// </summary>
/// <remarks>
/// The kernel runs in a process of its own (<c>tests/NotebookRunner/run-notebook.cs</c>, a file-based app), so the
/// library that runs is the one the notebook installs — in this test host another copy is already loaded. The runner
/// starts in a folder whose <c>artifacts/packages</c> is the test feed; the <c>#i</c> line gets that folder's absolute
/// path, as the notebook tells users to write (the kernel rejects relative paths), and the <c>#r</c> line the packed
/// version. The ResNet18 files are found in the package's own folder, as in a user's notebook.
/// </remarks>
[Category("Notebook")]
[NonParallelizable]
public class NotebookTests
{
    private static string Runner => Path.Combine(RepositoryPaths.Root, "tests", "NotebookRunner", "run-notebook.cs");

    [Test]
    [CancelAfter(600_000)]
    public void Every_code_cell_of_the_notebook_runs_with_its_real_install_lines_against_the_packed_package()
    {
        using var package = LocalPackage.Pack("jdml-notebook");
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "samples", "notebooks", "JointDislocation.ipynb")).ReplaceLineEndings("\n");
        Assert.That(text, Does.Not.Contain(".nuget").And.Not.Contain("microsoft.ml.dnnimagefeaturizer"), "the notebook names no package-cache path");

        // The first code cell, as it is in the notebook (JSON-escaped there), must be exactly the two install lines.
        const string cell = "#i \\\"nuget: ./artifacts/packages\\\"\\n\",\n    \"#r \\\"nuget: JointDislocation.ML, ";
        Assert.That(text, Does.Contain(cell), "the first code cell installs the package from the local feed");

        // A folder whose artifacts/packages is the test feed, and the notebook with only the version changed.
        var work = package.Work.Combine("kernel");
        LocalPackage.CopyDirectory(package.Feed, Path.Combine(work, "artifacts", "packages"));
        var notebook = Path.Combine(work, "JointDislocation.ipynb");
        // The kernel rejects a relative #i path ("Invalid URI"), so the notebook tells users to write the absolute path
        // of their artifacts/packages; the test does just that, and sets the version of the #r line to the packed one.
        var feed = Path.GetFullPath(Path.Combine(work, "artifacts", "packages"));
        var installed = text.Replace("#i \\\"nuget: ./artifacts/packages\\\"", $"#i \\\"nuget: {feed}\\\"", StringComparison.Ordinal);
        Assert.That(installed, Is.Not.EqualTo(text), "the #i line names ./artifacts/packages");
        File.WriteAllText(notebook, Regex.Replace(installed, """(#r \\"nuget: JointDislocation\.ML, )[^\\"]+""", m => m.Groups[1].Value + package.Version));

        var (exitCode, output) = ProcessRunner.Run("dotnet", $"run \"{Runner}\" -- \"{notebook}\"", work, TimeSpan.FromMinutes(9));

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain($"JointDislocation.ML {package.Version}"), "the kernel ran the packed package");
        Assert.That(Regex.Matches(output, @"^cell \d+ image", RegexOptions.Multiline), Has.Count.EqualTo(2), "the ROC curve and the CAM contact sheet are shown as PNG images");
        Assert.That(output, Does.Match(@"ran \d+ cells"));
    }

    [Test]
    [CancelAfter(600_000)]
    public void The_runner_reports_a_failing_cell_and_pins_the_repository_versions()
    {
        // The check above must be able to fail: an exception in a cell ends the runner with 1, naming the cell.
        using var folder = new TemporaryDirectory("jdml-notebook-fail");
        var notebook = folder.Combine("fails.ipynb");
        File.WriteAllText(notebook, """
            {"cells": [
              {"cell_type": "code", "metadata": {"dotnet_interactive": {"language": "csharp"}}, "source": ["var y = 1 + 1;"], "outputs": [], "execution_count": null},
              {"cell_type": "code", "metadata": {"dotnet_interactive": {"language": "csharp"}}, "source": ["throw new InvalidOperationException(\"boom\");"], "outputs": [], "execution_count": null}
            ],
             "metadata": {"kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"}, "language_info": {"name": "csharp"}},
             "nbformat": 4, "nbformat_minor": 4}
            """);

        var (exitCode, output) = ProcessRunner.Run("dotnet", $"run \"{Runner}\" -- \"{notebook}\"", folder.Path, TimeSpan.FromMinutes(9));

        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("cell 1 ok").And.Contain("cell 2 failed").And.Contain("boom"));

        var central = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "Directory.Packages.props"));
        var runner = File.ReadAllText(Runner);
        foreach (var name in new[] { "Microsoft.DotNet.Interactive.CSharp", "Microsoft.DotNet.Interactive.Documents" })
        {
            var version = Regex.Match(central, $"""Include="{Regex.Escape(name)}" Version="([^"]+)" """.TrimEnd()).Groups[1].Value;
            Assert.That(runner, Does.Contain($"#:package {name}@{version}"), $"the runner uses the repository's {name}");
        }
    }
}
