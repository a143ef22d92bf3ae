using JointDislocation.ML.Tests.Packaging;

namespace JointDislocation.ML.Tests.Reporting;

/// <summary>Debian's Chromium, headless, as CI installs it (.ci/run): loads a page and returns the DOM after scripts ran.</summary>
internal static class HeadlessChromium
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    public static string? Executable => Candidates.FirstOrDefault(File.Exists);

    /// <summary>The executable, or the test is ignored on a developer machine without it and fails under CI.</summary>
    public static string Require()
    {
        if (Executable is { } path)
        {
            return path;
        }

        const string message = "Chromium is not installed (apt-get install chromium; .ci/run installs it).";
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail(message);
        }

        Assert.Ignore(message);
        return "";
    }

    public static string DumpDom(string htmlPath, TemporaryDirectory profile)
    {
        var executable = Require();
        var arguments = string.Join(' ',
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            $"--user-data-dir=\"{profile.Path}\"", "--virtual-time-budget=5000", "--dump-dom",
            $"\"file://{htmlPath}\"");
        var (exitCode, output) = ProcessRunner.Run(executable, arguments, profile.Path, TimeSpan.FromMinutes(2), separateError: true);
        Assert.That(exitCode, Is.Zero, output);
        return output;
    }
}
