using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;

namespace JointDislocation.ML.FineTuning.Tests.Packaging;

[Category("Packaging")]
public class FineTuningPackageTests
{
    [Test]
    public void The_package_depends_on_the_library_and_TorchSharp_cpu_and_carries_no_models_or_natives()
    {
        var root = typeof(FineTuningPackageTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        var feed = Path.Combine(Path.GetTempPath(), $"jdml-finetune-pack-{Guid.NewGuid():N}");
        try
        {
            // The test project's build has just built the package's project in this configuration.
            var configuration = typeof(FineTuningPackageTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
            var start = new ProcessStartInfo("dotnet", ["pack", Path.Combine(root, "src", "JointDislocation.ML.FineTuning"), "-c", configuration, "--no-build", "--no-restore", "-o", feed])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = root,
            };
            using (var process = Process.Start(start)!)
            {
                var output = process.StandardOutput.ReadToEndAsync();
                var error = process.StandardError.ReadToEndAsync();
                Assert.That(process.WaitForExit(TimeSpan.FromMinutes(3)), Is.True, "dotnet pack finished");
                Assert.That(process.ExitCode, Is.Zero, output.Result + error.Result);
            }

            var package = Directory.GetFiles(feed, "JointDislocation.ML.FineTuning.*.nupkg").Single();
            using var zip = ZipFile.OpenRead(package);
            var entries = zip.Entries.Select(e => e.FullName).ToList();
            using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            var text = nuspec.ReadToEnd();

            Assert.Multiple(() =>
            {
                Assert.That(entries, Does.Contain("lib/net10.0/JointDislocation.ML.FineTuning.dll"));
                Assert.That(entries, Does.Contain("README.md"));
                Assert.That(entries, Has.None.EndsWith(".onnx"), "ResNet18 comes through JointDislocation.ML's own dependency");
                Assert.That(entries, Has.None.EndsWith(".so"));
                Assert.That(text, Does.Contain("<dependency id=\"JointDislocation.ML\""));
                Assert.That(text, Does.Contain("<dependency id=\"TorchSharp-cpu\" version=\"0.107.0\""));
                Assert.That(new FileInfo(package).Length, Is.LessThan(1_000_000));
            });
        }
        finally
        {
            if (Directory.Exists(feed))
            {
                Directory.Delete(feed, recursive: true);
            }
        }
    }
}
