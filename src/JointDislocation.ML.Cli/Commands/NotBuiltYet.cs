namespace JointDislocation.ML.Cli.Commands;

/// <summary>What a registered command that has no implementation yet does: says so, and fails. It never invents output.</summary>
internal static class NotBuiltYet
{
    public static int Report(CliEnvironment environment, string command)
    {
        environment.Error.WriteLine(
            $"jdml {command}: this command is not built yet in JointDislocation.ML {DislocationContext.LibraryVersion}; nothing was done.");
        return ExitCodes.Failure;
    }
}
