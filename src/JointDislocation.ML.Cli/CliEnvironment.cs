namespace JointDislocation.ML.Cli;

/// <summary>Where a command writes, and whether it may draw progress bars (only on a terminal).</summary>
internal sealed record CliEnvironment(TextWriter Out, TextWriter Error, bool IsInteractive)
{
    public static CliEnvironment FromConsole() =>
        new(Console.Out, Console.Error, !Console.IsOutputRedirected && !Console.IsErrorRedirected);
}
