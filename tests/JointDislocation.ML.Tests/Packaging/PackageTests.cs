using System.IO.Compression;
using JointDislocation.ML.Statistics;

namespace JointDislocation.ML.Tests.Packaging;

/// <summary>
/// Packs the library with a version of its own and builds every sample against the packed package, so that what users
/// install — not the project reference — is what gets tested; each sample then runs on small sizes.
/// </summary>
[Category("Packaging")]
[NonParallelizable]
public class PackageTests
{
    private static readonly TimeSpan Timeout = LocalPackage.Timeout;

    private LocalPackage _package = null!;
    private TemporaryDirectory _work = null!;
    private string _version = null!;
    private string _feed = null!;
    private bool _samplesBuilt;

    [OneTimeSetUp]
    public void PackTheLibrary()
    {
        _package = LocalPackage.Pack("jdml-pack");
        (_work, _version, _feed) = (_package.Work, _package.Version, _package.Feed);
    }

    // The test version must not linger in the machine's package cache.
    [OneTimeTearDown]
    public void CleanUp() => _package.Dispose();

    [Test]
    public void Package_carries_readme_licence_xml_docs_and_symbols()
    {
        var package = Path.Combine(_feed, $"JointDislocation.ML.{_version}.nupkg");
        Assert.That(package, Does.Exist);
        Assert.That(Path.Combine(_feed, $"JointDislocation.ML.{_version}.snupkg"), Does.Exist);

        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.That(entries, Does.Contain("README.md"));
        Assert.That(entries, Does.Contain("LICENSE"));
        Assert.That(entries, Does.Contain("lib/net10.0/JointDislocation.ML.dll"));
        Assert.That(entries, Does.Contain("lib/net10.0/JointDislocation.ML.xml"));
        Assert.That(entries.Where(e => e.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)), Is.Empty,
            "the ResNet18 model comes with Microsoft.ML.DnnImageFeaturizer.ResNet18; packing it again added 128 MB");
        Assert.That(new FileInfo(package).Length, Is.LessThan(10L << 20), "the library package should hold code and docs only");

        using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        var text = nuspec.ReadToEnd();
        Assert.That(text, Does.Contain("<readme>README.md</readme>"));
        Assert.That(text, Does.Contain("<license type=\"expression\">MIT</license>"));
        Assert.That(text, Does.Contain("<tags>"));
        Assert.That(text, Does.Contain("Microsoft.ML.OnnxRuntime"));
        Assert.That(text, Does.Not.Contain("TorchSharp").IgnoreCase, "libtorch comes only with JointDislocation.ML.FineTuning");
    }

    [Test]
    public void Sample_builds_and_runs_against_the_packed_package()
    {
        var samples = BuildSamples();
        var (exitCode, output) = ProcessRunner.Run(
            "dotnet",
            $"run --project HelloJdml -c Release --no-build -p:JointDislocationMLVersion={_version} -- 7",
            samples,
            Timeout);

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain($"JointDislocation.ML {_version}"));
        Assert.That(output, Does.Contain("seed 7"));
        Assert.That(output, Does.Contain("tha"));
        Assert.That(Directory.Exists(Path.Combine(samples, "HelloJdml", "bin", "Release", "net10.0", "DnnImageModels")), Is.True,
            "the ResNet18 model files must flow to the consumer's output");
    }

    [Test]
    public void Every_sample_builds_against_the_packed_package()
    {
        var samples = BuildSamples();
        var projects = Directory.GetDirectories(Path.Combine(RepositoryPaths.Root, "samples")).Where(d => File.Exists(Path.Combine(d, Path.GetFileName(d) + ".csproj"))).ToList();
        Assert.That(projects.Select(Path.GetFileName), Is.SupersetOf(new[] { "HelloJdml", "TrainPerJoint", "EvaluateAuroc", "SaliencyHeatmaps", "MlNetPipeline", "ScoringService" }));
        foreach (var project in projects)
        {
            var name = Path.GetFileName(project);
            Assert.That(Path.Combine(samples, name, "bin", "Release", "net10.0", name + ".dll"), Does.Exist);
            Assert.That(File.Exists(Path.Combine(project, "README.md")), Is.True, $"{name} needs a README that says what it shows");

            // The library came from the packed package, not from a project reference.
            var assets = File.ReadAllText(Path.Combine(samples, name, "obj", "project.assets.json"));
            Assert.That(assets, Does.Contain($"\"JointDislocation.ML/{_version}\""), $"{name} restores the packed package");
            Assert.That(assets, Does.Not.Contain("\"type\": \"project\""), $"{name} references no project");
        }
    }

    [Test]
    public void ScoringService_built_against_the_package_refuses_to_start_without_its_model()
    {
        // The service loads its model before it listens, so a missing one ends it at once, naming the file.
        var missing = _work.Combine("no-such-folder", "model.jdml");
        var samples = BuildSamples();
        var (exitCode, output) = ProcessRunner.Run(
            "dotnet", $"\"{Path.Combine(samples, "ScoringService", "bin", "Release", "net10.0", "ScoringService.dll")}\" --Scoring:ModelPath \"{missing}\" --urls http://127.0.0.1:0",
            _work.Path, Timeout);

        Assert.That(exitCode, Is.Not.Zero, output);
        Assert.That(output, Does.Contain(missing).And.Contain("model bundle not found"));
    }

    [Test]
    public void TrainPerJoint_trains_a_small_phantom_set_and_saves_a_model()
    {
        var output = _work.Combine("train");
        var text = RunSample("TrainPerJoint", $"--joint elbow --per-class 8 --folds 3 --heads logreg,svm --augment none --seed 3 --out \"{output}\"");

        Assert.That(text, Does.Contain("generated 16 elbow phantoms"));
        Assert.That(text, Does.Match(@"\*logreg\+none|\*svm\+none"), "the selected candidate is marked");
        Assert.That(text, Does.Contain("95% CI (DeLong)"));
        Assert.That(text, Does.Match(@"reloaded: elbow-\w+-\d{3}\.png \(\w+\) → p = 0\.\d{4}"));
        Assert.That(Path.Combine(output, "model.jdml"), Does.Exist);
    }

    [Test]
    public void EvaluateAuroc_reports_intervals_tests_thresholds_and_calibration()
    {
        var saved = _work.Combine("scores");
        var simulated = RunSample("EvaluateAuroc", $"--per-class 40 --bootstrap 200 --save \"{saved}\"");
        Assert.That(simulated, Does.Contain("paired DeLong score vs score2"));
        Assert.That(simulated, Does.Contain("unpaired DeLong internal vs external"));
        Assert.That(simulated, Does.Contain("95% Wilson"));
        Assert.That(simulated, Does.Contain("calibration: Brier"));

        // The saved CSVs read back through --scores give the same internal figures.
        var fromCsv = RunSample("EvaluateAuroc", $"--scores \"{Path.Combine(saved, "internal.csv")}\" --external \"{Path.Combine(saved, "external.csv")}\" --compare score2 --bootstrap 200");
        Assert.That(Line(fromCsv, "  score "), Is.EqualTo(Line(simulated, "  score ")));
        Assert.That(Line(fromCsv, "  paired DeLong"), Is.EqualTo(Line(simulated, "  paired DeLong")));
    }

    [Test]
    public void SaliencyHeatmaps_writes_overlays_a_contact_sheet_and_scores()
    {
        var output = _work.Combine("saliency");
        var text = RunSample("SaliencyHeatmaps", $"--joint shoulder --per-class 6 --explain 2 --folds 2 --out \"{output}\"");

        Assert.That(text, Does.Contain("trained logreg+none on 12 phantoms"));
        Assert.That(text, Does.Match(@"pointing game [01]\.\d{3} \([01]\.\d{3}–[01]\.\d{3}\) over 4 images"));
        Assert.That(Directory.GetFiles(Path.Combine(output, "overlays"), "*.png"), Has.Length.EqualTo(4));
        Assert.That(Path.Combine(output, "contact-sheet.png"), Does.Exist);
    }

    [Test]
    public void MlNetPipeline_saves_reloads_and_evaluates_a_stock_pipeline_and_fits_RadiographTransfer()
    {
        var output = _work.Combine("mlnet");
        var text = RunSample("MlNetPipeline", $"--per-class 8 --folds 2 --seed 5 --out \"{output}\"");

        Assert.That(text, Does.Match(@"stock pipeline \(saved, reloaded\): ML\.NET AUROC [01]\.\d{3}"));
        Assert.That(text, Does.Contain("candidate logreg+none: CV AUROC"));
        Assert.That(text, Does.Match(@"RadiographTransfer selected (logreg|svm)\+none"));
        Assert.That(text, Does.Match(@"RadiographTransfer on the test set: ML\.NET AUROC [01]\.\d{3}"));
        Assert.That(text, Does.Contain("95% CI (DeLong)"));
        Assert.That(text, Does.Match(@"model\.zip reloaded: .+ → p = [01]\.\d{4}"));
        Assert.That(Path.Combine(output, "model.zip"), Does.Exist);
        Assert.That(Path.Combine(output, "model.jdml"), Does.Exist);
    }

    /// <summary>Copies samples/ beside a nuget.config naming only the test feed, and builds every sample once.</summary>
    private string BuildSamples()
    {
        var samples = _work.Combine("samples");
        if (_samplesBuilt)
        {
            return samples;
        }

        LocalPackage.CopyDirectory(Path.Combine(RepositoryPaths.Root, "samples"), samples);
        _package.WriteNuGetConfig(samples);

        // The C# program of docs/getting-started.md is built beside the samples, so the page cannot drift from the API.
        var gettingStarted = Path.Combine(samples, "GettingStarted");
        Directory.CreateDirectory(gettingStarted);
        File.Copy(Path.Combine(samples, "HelloJdml", "HelloJdml.csproj"), Path.Combine(gettingStarted, "GettingStarted.csproj"));
        File.WriteAllText(Path.Combine(gettingStarted, "Program.cs"), GettingStartedProgram());

        // One build of a solution of all samples: one MSBuild start instead of one per sample.
        var projects = Directory.GetDirectories(samples).Where(d => File.Exists(Path.Combine(d, Path.GetFileName(d) + ".csproj")));
        File.WriteAllText(Path.Combine(samples, "Samples.slnx"),
            "<Solution>\n" + string.Concat(projects.Select(d => $"  <Project Path=\"{Path.GetFileName(d)}/{Path.GetFileName(d)}.csproj\" />\n")) + "</Solution>\n");
        // JointDislocationMLReference=Package: ScoringService, which references the library's project inside the
        // repository (the solution's service tests build it before any package exists), takes the package here too.
        var (exitCode, output) = ProcessRunner.Run("dotnet", $"build Samples.slnx -c Release -p:JointDislocationMLVersion={_version} -p:JointDislocationMLReference=Package", samples, Timeout);
        Assert.That(exitCode, Is.Zero, output);
        _samplesBuilt = true;
        return samples;
    }

    [Test]
    public void The_getting_started_program_builds_and_runs()
    {
        var text = RunSample("GettingStarted", string.Empty, _work.Combine("getting-started"));

        Assert.That(text, Does.Match(@"selected (logreg|svm)\+none: CV AUROC [01]\.\d{3}"));
        Assert.That(text, Does.Match(@"external AUROC [01]\.\d{3}, DeLong"));
        Assert.That(text, Does.Match(@"(dislocated|located) \(p = 0\.\d{3}"));
        Assert.That(_work.Combine("getting-started", "runs", "elbow", "overlay.png"), Does.Exist);
    }

    private static string GettingStartedProgram()
    {
        var page = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "getting-started.md"));
        var section = page.IndexOf("## The same in C#", StringComparison.Ordinal);
        Assert.That(section, Is.GreaterThan(0), "docs/getting-started.md has a section 'The same in C#'");
        var start = page.IndexOf("```csharp\n", section, StringComparison.Ordinal) + "```csharp\n".Length;
        var end = page.IndexOf("```", start, StringComparison.Ordinal);
        return page[start..end];
    }

    private string RunSample(string name, string arguments, string? workingDirectory = null)
    {
        var samples = BuildSamples();
        Directory.CreateDirectory(workingDirectory ?? _work.Path);
        var (exitCode, output) = ProcessRunner.Run(
            "dotnet", $"\"{Path.Combine(samples, name, "bin", "Release", "net10.0", name + ".dll")}\" {arguments}", workingDirectory ?? _work.Path, Timeout);
        Assert.That(exitCode, Is.Zero, output);
        return output;
    }

    private static string Line(string text, string start) =>
        text.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.StartsWith(start, StringComparison.Ordinal)) ?? $"(no line starting '{start}')";
}
