using System.Text.RegularExpressions;
using JointDislocation.ML.Tests.Packaging;

namespace JointDislocation.ML.Tests.Samples;

/// <summary>
/// Runs every file-based experiment of <c>samples/experiments</c> with <c>dotnet run FILE.cs</c> against the freshly
/// packed package, as a user runs it: a copy of samples/ (so the samples' Directory.Build.props applies as it does in
/// the repository) beside a nuget.config naming the test feed, with only the version in the <c>#:package</c> line
/// changed to the packed one. Each must print its summary and write its report under runs/.
/// </summary>
[Category("Packaging")]
[NonParallelizable]
public class ExperimentTests
{
    private static readonly Regex PackageDirective = new("""^#:package JointDislocation\.ML@(?<version>\S+)\s*$""", RegexOptions.Multiline);

    private LocalPackage _package = null!;
    private string _experiments = null!;

    [OneTimeSetUp]
    public void PackAndCopy()
    {
        _package = LocalPackage.Pack("jdml-experiments");
        var samples = _package.Work.Combine("samples");
        LocalPackage.CopyDirectory(Path.Combine(RepositoryPaths.Root, "samples"), samples);
        _package.WriteNuGetConfig(samples);
        _experiments = Path.Combine(samples, "experiments");
        foreach (var file in Directory.GetFiles(_experiments, "*.cs"))
        {
            File.WriteAllText(file, PackageDirective.Replace(File.ReadAllText(file), $"#:package JointDislocation.ML@{_package.Version}"));
        }
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        // dotnet run FILE.cs keeps its build under ~/.local/share/dotnet/runfile; drop the ones this run made.
        var runfile = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "dotnet", "runfile");
        if (Directory.Exists(runfile))
        {
            foreach (var build in Directory.GetDirectories(runfile))
            {
                var assets = Path.Combine(build, "obj", "project.assets.json");
                if (File.Exists(assets) && File.ReadAllText(assets).Contains(_package.Version, StringComparison.Ordinal))
                {
                    Directory.Delete(build, recursive: true);
                }
            }
        }

        _package.Dispose();
    }

    [Test]
    public void Every_experiment_references_the_package_at_the_repository_version_and_names_no_package_cache()
    {
        var version = Regex.Match(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "Directory.Build.props")), "<Version>(.+?)</Version>").Groups[1].Value;
        var files = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "samples", "experiments"), "*.cs");
        Assert.That(files.Select(Path.GetFileName), Is.EquivalentTo(new[] { "phantoms-roc-cam.cs", "your-own-images.cs", "compare-models.cs" }));
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            Assert.That(PackageDirective.Match(text).Groups["version"].Value, Is.EqualTo(version), $"{Path.GetFileName(file)} references JointDislocation.ML@{version}");
            Assert.That(text, Does.Not.Contain(".nuget").And.Not.Contain("microsoft.ml.dnnimagefeaturizer"), "no package-cache path");
        }
    }

    [Test]
    public void Phantoms_roc_cam_runs_and_writes_its_report()
    {
        var output = Run("phantoms-roc-cam.cs");

        Assert.That(output, Does.Match(@"selected (logreg|svm)\+none: CV AUROC [01]\.\d{3}"));
        Assert.That(output, Does.Match(@"held-out AUROC [01]\.\d{3} \(95% CI DeLong [01]\.\d{3}–[01]\.\d{3}\), n = 16"));
        Assert.That(output, Does.Match(@"CAM pointing game [01]\.\d{3} over 4 images"));
        AssertReport("phantoms-roc-cam", images: 5);
        Assert.That(Path.Combine(_experiments, "runs", "phantoms-roc-cam", "roc.png"), Does.Exist);
    }

    [Test]
    public void Your_own_images_makes_a_folder_when_none_is_given_and_reports_on_it()
    {
        var output = Run("your-own-images.cs");

        Assert.That(output, Does.Contain("no folder given"));
        Assert.That(output, Does.Contain("read 24 images (12 dislocated, 12 located), skipped 0"));
        Assert.That(output, Does.Match(@"selected (logreg|svm)\+none: CV AUROC [01]\.\d{3} \(95% CI"));
        AssertReport("your-own-images", images: 4);
        Assert.That(Directory.GetFiles(Path.Combine(_experiments, "runs", "your-own-images", "overlays"), "*.png"), Has.Length.EqualTo(4));
        Assert.That(Path.Combine(_experiments, "runs", "your-own-images", "model.jdml"), Does.Exist);
    }

    [Test]
    public void Compare_models_runs_the_paired_DeLong_test()
    {
        var output = Run("compare-models.cs");

        Assert.That(output, Does.Match(@"A logreg\+none: AUROC [01]\.\d{3}; B fasttree\+none: AUROC [01]\.\d{3}"));
        Assert.That(output, Does.Match(@"paired DeLong: difference -?[01]\.\d{3}, z -?\d+\.\d{3}, p [01]\.\d{3} \(n = 20\)"));
        AssertReport("compare-models", images: 1);
    }

    private string Run(string file)
    {
        var (exitCode, output) = ProcessRunner.Run("dotnet", $"run {file}", _experiments, LocalPackage.Timeout);
        Assert.That(exitCode, Is.Zero, output);
        return output;
    }

    private void AssertReport(string name, int images)
    {
        var html = File.ReadAllText(Path.Combine(_experiments, "runs", name, "report.html"));
        Assert.That(Regex.Matches(html, "data:image/png;base64,"), Has.Count.EqualTo(images), "figures are embedded: the report is one self-contained file");
        Assert.That(html, Does.Contain($"JointDislocation.ML {_package.Version}"), "the experiment ran on the packed package");
    }
}
