using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Microsoft.DotNet.Interactive.Events;

namespace JointDislocation.ML.Tests.Samples;

/// <summary>
/// Runs every code cell of <c>samples/notebooks/JointDislocation.ipynb</c> in order with the .NET Interactive C#
/// kernel, in this process, and fails on the first cell that reports an error.
/// </summary>
/// <remarks>
/// Restoring <c>#r "nuget: JointDislocation.ML"</c> inside the kernel would need the package feed, a NuGet restore and
/// minutes; so the first cell's <c>#i "nuget: …"</c> and <c>#r "nuget: JointDislocation.ML …"</c> lines are replaced
/// by <c>#r "&lt;absolute path of the JointDislocation.ML.dll this test was built with&gt;"</c>. Absolute, because the
/// kernel resolves a relative <c>#r</c> path against the process's working directory, not the notebook's folder.
/// The ResNet18 model files are found next to the test assembly (<see cref="AppContext.BaseDirectory"/>), as the
/// notebook's first code cell looks there before the NuGet cache.
/// </remarks>
[Category("Notebook")]
[NonParallelizable]
public class NotebookTests
{
    private static readonly Regex PackageLine = new("""^\s*#(i|r)\s+"nuget:.*$""", RegexOptions.Multiline);

    [Test]
    [CancelAfter(180_000)]
    public async Task Every_code_cell_of_the_notebook_runs_without_an_error(CancellationToken cancellationToken)
    {
        var path = Path.Combine(RepositoryPaths.Root, "samples", "notebooks", "JointDislocation.ipynb");
        var document = Notebook.Parse(await File.ReadAllTextAsync(path, cancellationToken));
        var cells = document.Elements.Where(e => e.KernelName is "csharp" or "c#").ToList();
        Assert.That(cells, Has.Count.GreaterThanOrEqualTo(5), "the notebook should have its code cells");
        Assert.That(PackageLine.IsMatch(cells[0].Contents), Is.True, "the first code cell references the package");

        var library = typeof(DislocationContext).Assembly.Location;
        using var kernel = new CSharpKernel().UseKernelHelpers();
        var images = 0;
        try
        {
            for (var i = 0; i < cells.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var code = i == 0 ? PackageLine.Replace(cells[0].Contents, string.Empty).Trim() + $"\n#r \"{library}\"\n" : cells[i].Contents;
                var result = await kernel.SendAsync(new SubmitCode(code), cancellationToken);
                var errors = Errors(result).ToList();
                Assert.That(errors, Is.Empty, $"code cell {i + 1} failed:\n{cells[i].Contents}");
                images += result.Events.OfType<DisplayEvent>().Count(e => e.FormattedValues.Any(v => v.Value.Contains("data:image/png;base64,", StringComparison.Ordinal)));
            }
        }
        finally
        {
            // The notebook deletes its working folder in its last cell; if an earlier cell failed, do it here.
            await kernel.SendAsync(new SubmitCode("""if (work is not null && Directory.Exists(work)) Directory.Delete(work, recursive: true);"""), CancellationToken.None);
        }

        Assert.That(images, Is.EqualTo(2), "the ROC curve and the CAM contact sheet are shown as PNG images");
    }

    [Test]
    public async Task A_failing_cell_is_reported()
    {
        // The check above must be able to fail: a compile error and an exception both surface as errors.
        using var kernel = new CSharpKernel().UseKernelHelpers();
        Assert.That(Errors(await kernel.SendAsync(new SubmitCode("var x = ;"))), Is.Not.Empty);
        Assert.That(Errors(await kernel.SendAsync(new SubmitCode("throw new InvalidOperationException(\"boom\");"))).Any(e => e.Contains("boom", StringComparison.Ordinal)), Is.True);
        Assert.That(Errors(await kernel.SendAsync(new SubmitCode("var y = 1 + 1;"))), Is.Empty);
    }

    private static IEnumerable<string> Errors(KernelCommandResult result)
    {
        foreach (var e in result.Events)
        {
            switch (e)
            {
                case CommandFailed failed:
                    yield return failed.Message + (failed.Exception is { } exception ? "\n" + exception : string.Empty);
                    break;
                case ErrorProduced error:
                    yield return error.Message;
                    break;
                case DiagnosticsProduced diagnostics:
                    foreach (var diagnostic in diagnostics.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))
                    {
                        yield return diagnostic.ToString();
                    }

                    break;
            }
        }
    }
}
