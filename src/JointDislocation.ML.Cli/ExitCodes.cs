namespace JointDislocation.ML.Cli;

/// <summary>The exit codes of the command-line contract (docs/cli.md).</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>Any failure that is not bad usage or bad input (an I/O error, a cancelled run).</summary>
    public const int Failure = 1;

    /// <summary>Bad usage (unknown option, missing value) or invalid input (a bad file or manifest row).</summary>
    public const int InvalidInput = 2;
}
