#:package Microsoft.DotNet.Interactive.CSharp@1.0.0-beta.26120.1
#:package Microsoft.DotNet.Interactive.Documents@1.0.0-beta.26120.1
#:package Microsoft.DotNet.Interactive.PackageManagement@1.0.0-beta.26120.1
#:property PublishAot=false
// Runs every C# cell of a .ipynb in order with the .NET Interactive C# kernel, with #i / #r "nuget: …" enabled as in
// Polyglot Notebooks, in a process of its own (so the package the notebook installs is the one that runs, not a
// library already loaded by a test host). Used by tests/JointDislocation.ML.Tests/Samples/NotebookTests.cs:
//   dotnet run tests/NotebookRunner/run-notebook.cs -- NOTEBOOK.ipynb
// Prints one line per cell ("cell N ok", "cell N image" for each PNG shown) and exits 1 naming the first failing cell.
using Microsoft.CodeAnalysis;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.PackageManagement;

if (args.Length != 1 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: dotnet run run-notebook.cs -- NOTEBOOK.ipynb");
    return 2;
}

var document = Notebook.Parse(File.ReadAllText(args[0]));
using var kernel = new CSharpKernel().UseKernelHelpers();
kernel.UseNugetDirective((k, resolved) =>
{
    k.AddAssemblyReferences(resolved.SelectMany(r => r.AssemblyPaths));
    return Task.CompletedTask;
}, forceRestore: false);

var cells = document.Elements.Where(e => e.KernelName is "csharp" or "c#").ToList();
for (var i = 0; i < cells.Count; i++)
{
    var result = await kernel.SendAsync(new SubmitCode(cells[i].Contents));
    var errors = new List<string>();
    foreach (var e in result.Events)
    {
        switch (e)
        {
            case CommandFailed failed:
                errors.Add(failed.Message + (failed.Exception is { } exception ? "\n" + exception : string.Empty));
                break;
            case ErrorProduced error:
                errors.Add(error.Message);
                break;
            case DiagnosticsProduced diagnostics:
                errors.AddRange(diagnostics.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
                break;
            case DisplayEvent display when display.FormattedValues.Any(v => v.Value.Contains("data:image/png;base64,", StringComparison.Ordinal)):
                Console.WriteLine($"cell {i + 1} image");
                break;
            case DisplayEvent display when display.FormattedValues.FirstOrDefault(v => v.MimeType == "text/plain") is { } text:
                Console.WriteLine($"cell {i + 1} says: {text.Value}");
                break;
        }
    }

    if (errors.Count > 0)
    {
        Console.WriteLine($"cell {i + 1} failed:\n{cells[i].Contents}\n{string.Join("\n", errors)}");
        return 1;
    }

    Console.WriteLine($"cell {i + 1} ok");
}

Console.WriteLine($"ran {cells.Count} cells");
return 0;
