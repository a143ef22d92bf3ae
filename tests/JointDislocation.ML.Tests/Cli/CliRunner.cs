using JointDislocation.ML.Cli;

namespace JointDislocation.ML.Tests.Cli;

/// <summary>Runs <c>jdml</c> in process and captures what it prints.</summary>
internal static class CliRunner
{
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await JdmlApp.RunAsync(args, new CliEnvironment(output, error, IsInteractive: false));
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Runs with these environment variables (and no others) visible to the command.</summary>
    public static Task<CliResult> RunWithVariablesAsync(IReadOnlyDictionary<string, string> variables, params string[] args) =>
        RunWithEnvironmentAsync(name => variables.GetValueOrDefault(name), args);

    /// <summary>Runs with this lookup of environment variables (which may throw, to stand in for a failing host).</summary>
    public static async Task<CliResult> RunWithEnvironmentAsync(Func<string, string?> variable, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment(output, error, IsInteractive: false) { Variable = variable };
        var exitCode = await JdmlApp.RunAsync(args, environment);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}

internal sealed record CliResult(int ExitCode, string Output, string Error);
