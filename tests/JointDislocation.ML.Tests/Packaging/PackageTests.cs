using System.IO.Compression;

namespace JointDislocation.ML.Tests.Packaging;

/// <summary>
/// Packs the library with a version of its own and builds a sample against the packed package, so that what users
/// install — not the project reference — is what gets tested.
/// </summary>
[Category("Packaging")]
[NonParallelizable]
public class PackageTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private TemporaryDirectory _work = null!;
    private string _version = null!;
    private string _feed = null!;

    [OneTimeSetUp]
    public void PackTheLibrary()
    {
        _work = new TemporaryDirectory("jdml-pack");
        _version = $"0.0.1-packtest.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        _feed = _work.Combine("feed");
        var project = Path.Combine(RepositoryPaths.Root, "src", "JointDislocation.ML", "JointDislocation.ML.csproj");
        // A separate artifacts path keeps this build's bin/obj apart from the solution's.
        var (exitCode, output) = ProcessRunner.Run(
            "dotnet",
            $"pack \"{project}\" -c Release -o \"{_feed}\" --artifacts-path \"{_work.Combine("build")}\" -p:Version={_version}",
            RepositoryPaths.Root,
            Timeout);
        Assert.That(exitCode, Is.Zero, output);
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        // The test version must not linger in the machine's package cache.
        var cached = Path.Combine(
            Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
            "jointdislocation.ml",
            _version);
        if (Directory.Exists(cached))
        {
            Directory.Delete(cached, recursive: true);
        }

        _work.Dispose();
    }

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

        using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        var text = nuspec.ReadToEnd();
        Assert.That(text, Does.Contain("<readme>README.md</readme>"));
        Assert.That(text, Does.Contain("<license type=\"expression\">MIT</license>"));
        Assert.That(text, Does.Contain("<tags>"));
        Assert.That(text, Does.Contain("Microsoft.ML.OnnxRuntime"));
    }

    [Test]
    public void Sample_builds_and_runs_against_the_packed_package()
    {
        var sample = _work.Combine("sample");
        CopyDirectory(Path.Combine(RepositoryPaths.Root, "samples", "HelloJdml"), Path.Combine(sample, "HelloJdml"));
        File.Copy(Path.Combine(RepositoryPaths.Root, "samples", "Directory.Build.props"), Path.Combine(sample, "Directory.Build.props"));
        File.Copy(Path.Combine(RepositoryPaths.Root, "samples", "Directory.Packages.props"), Path.Combine(sample, "Directory.Packages.props"));
        File.WriteAllText(Path.Combine(sample, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="packtest" value="{_feed}" />
              </packageSources>
            </configuration>
            """);

        var (exitCode, output) = ProcessRunner.Run(
            "dotnet",
            $"run --project HelloJdml -c Release -p:JointDislocationMLVersion={_version} -- 7",
            sample,
            Timeout);

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain($"JointDislocation.ML {_version}"));
        Assert.That(output, Does.Contain("seed 7"));
        Assert.That(output, Does.Contain("tha"));
        Assert.That(Directory.Exists(Path.Combine(sample, "HelloJdml", "bin", "Release", "net10.0", "DnnImageModels")), Is.True,
            "the ResNet18 model files must flow to the consumer's output");
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.EnumerateDirectories(from))
        {
            var name = Path.GetFileName(directory);
            if (name is not ("bin" or "obj"))
            {
                CopyDirectory(directory, Path.Combine(to, name));
            }
        }
    }
}
