using System.Text.RegularExpressions;

namespace JointDislocation.ML.Tests;

/// <summary>
/// Rules about the repository as a whole (docs/architecture.md, "Where each rule lives"): it is self-contained, and
/// each shared piece exists once.
/// </summary>
public partial class RepositoryRulesTests
{
    private static readonly string[] TextExtensions = [".cs", ".md", ".csproj", ".props", ".json", ".ipynb", ".txt", ".sh", ".R", ".py", ".svg"];

    private static IEnumerable<string> RepositoryFiles(string folder) =>
        Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, folder), "*", SearchOption.AllDirectories)
            .Where(path => TextExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase))
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or ".git" or "artifacts" or "node_modules"));

    private static IEnumerable<string> AllTextFiles() =>
        new[] { "src", "tests", "samples", "docs" }.SelectMany(RepositoryFiles)
            .Concat(Directory.EnumerateFiles(RepositoryPaths.Root, "*.md"))
            .Concat(Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, ".ci")));

    [Test]
    public void Nothing_cites_a_design_file_outside_the_repository()
    {
        var hits = AllTextFiles()
            .Where(path => Path.GetFileName(path) != nameof(RepositoryRulesTests) + ".cs")
            .SelectMany(path => File.ReadLines(path).Select((line, i) => (path, line, i)))
            .Where(hit => DesignReference().IsMatch(hit.line))
            .Select(hit => $"{Path.GetRelativePath(RepositoryPaths.Root, hit.path)}:{hit.i + 1}: {hit.line.Trim()}")
            .ToList();

        Assert.That(hits, Is.Empty, "the command-line contract lives in docs/cli.md; cite files inside the repository");
    }

    [Test]
    public void The_design_reference_pattern_matches_the_forms_once_used() =>
        Assert.Multiple(() =>
        {
            Assert.That(DesignReference().IsMatch("Columns (DESIGN section 6), in any order"), Is.True);
            Assert.That(DesignReference().IsMatch("Exit codes (DESIGN §6)"), Is.True);
            Assert.That(DesignReference().IsMatch("see ../shared/DESIGN.md"), Is.True);
            Assert.That(DesignReference().IsMatch("reads images from the open internet by design"), Is.False);
        });

    [Test]
    public void There_is_one_bitmap_font()
    {
        var declarations = RepositoryFiles("src")
            .Where(path => path.EndsWith(".cs", StringComparison.Ordinal))
            .Where(path => File.ReadAllText(path).Contains("class BitmapFont", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(RepositoryPaths.Root, path).Replace('\\', '/'))
            .ToList();

        Assert.That(declarations, Is.EqualTo(new[] { "src/JointDislocation.ML/Imaging/BitmapFont.cs" }));
    }

    [Test]
    public void The_library_draws_no_number_from_System_Random()
    {
        // System.Random's seeded sequence is not promised across .NET versions; DeterministicRandom is ours.
        var hits = RepositoryFiles("src")
            .Where(path => path.EndsWith(".cs", StringComparison.Ordinal))
            .Where(path => SystemRandom().IsMatch(File.ReadAllText(path)))
            .Select(path => Path.GetRelativePath(RepositoryPaths.Root, path))
            .ToList();

        Assert.That(hits, Is.Empty);
    }

    [GeneratedRegex(@"\bnew Random\(|System\.Random\b|\bRandom\.Shared\b")]
    private static partial Regex SystemRandom();

    [GeneratedRegex(@"DESIGN(\.md| section| §)")]
    private static partial Regex DesignReference();
}
