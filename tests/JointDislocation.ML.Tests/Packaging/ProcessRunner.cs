using System.Diagnostics;
using System.Text;

namespace JointDislocation.ML.Tests.Packaging;

/// <summary>Runs an external process (the dotnet CLI) with a time limit and captures its output.</summary>
internal static class ProcessRunner
{
    public static (int ExitCode, string Output) Run(string fileName, string arguments, string workingDirectory, TimeSpan timeout, bool separateError = false)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // A nested build must not reuse the test run's MSBuild nodes or build server.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        var output = new StringBuilder();
        var error = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { (separateError ? error : output).AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{fileName} {arguments}' did not finish in {timeout}.\n{output}\n{error}");
        }

        process.WaitForExit();
        lock (output)
        {
            // With separateError, stderr (a browser's chatter) is only shown when the process failed.
            return (process.ExitCode, separateError && process.ExitCode != 0 ? $"{output}\n{error}" : output.ToString());
        }
    }
}
