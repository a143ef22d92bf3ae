namespace JointDislocation.ML.Cli;

/// <summary>Where a command writes, and whether it may draw progress bars (only on a terminal).</summary>
internal sealed record CliEnvironment(TextWriter Out, TextWriter Error, bool IsInteractive)
{
    /// <summary>Reads an environment variable (tests give their own, so that array-job indexes can be faked).</summary>
    public Func<string, string?> Variable { get; init; } = Environment.GetEnvironmentVariable;

    public static CliEnvironment FromConsole() =>
        new(Console.Out, Console.Error, !Console.IsOutputRedirected && !Console.IsErrorRedirected);
}
