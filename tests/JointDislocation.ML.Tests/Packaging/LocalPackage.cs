namespace JointDislocation.ML.Tests.Packaging;

/// <summary>
/// The library packed with a version of its own into a temporary feed, as users receive it; samples, experiments and
/// the notebook are then restored from that feed. Disposing removes the feed and the version from the machine's
/// package cache, so no test version lingers there.
/// </summary>
internal sealed class LocalPackage : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private LocalPackage(TemporaryDirectory work, string version)
    {
        Work = work;
        Version = version;
        Feed = work.Combine("feed");
    }

    /// <summary>A temporary folder for the feed and anything the test builds beside it.</summary>
    public TemporaryDirectory Work { get; }

    /// <summary>The version packed, unique to this run (<c>0.0.1-packtest.…</c>).</summary>
    public string Version { get; }

    /// <summary>The folder feed holding the <c>.nupkg</c>.</summary>
    public string Feed { get; }

    /// <summary>Packs src/JointDislocation.ML; fails the calling fixture if packing fails.</summary>
    public static LocalPackage Pack(string prefix)
    {
        var package = new LocalPackage(new TemporaryDirectory(prefix), $"0.0.1-packtest.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}.{prefix}");
        var project = Path.Combine(RepositoryPaths.Root, "src", "JointDislocation.ML", "JointDislocation.ML.csproj");
        // A separate artifacts path keeps this build's bin/obj apart from the solution's.
        var (exitCode, output) = ProcessRunner.Run(
            "dotnet",
            $"pack \"{project}\" -c Release -o \"{package.Feed}\" --artifacts-path \"{package.Work.Combine("build")}\" -p:Version={package.Version}",
            RepositoryPaths.Root,
            Timeout);
        Assert.That(exitCode, Is.Zero, output);
        return package;
    }

    /// <summary>Writes a nuget.config into <paramref name="folder"/> that adds this feed to the machine's sources.</summary>
    public void WriteNuGetConfig(string folder) =>
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="packtest" value="{Feed}" />
              </packageSources>
            </configuration>
            """);

    /// <summary>Copies a folder without its bin/ and obj/.</summary>
    public static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.EnumerateDirectories(from))
        {
            var name = Path.GetFileName(directory);
            if (name is not ("bin" or "obj" or "runs"))
            {
                CopyDirectory(directory, Path.Combine(to, name));
            }
        }
    }

    public void Dispose()
    {
        var cached = Path.Combine(
            Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
            "jointdislocation.ml",
            Version);
        if (Directory.Exists(cached))
        {
            Directory.Delete(cached, recursive: true);
        }

        Work.Dispose();
    }
}
