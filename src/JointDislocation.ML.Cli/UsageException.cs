namespace JointDislocation.ML.Cli;

/// <summary>An option value that parses but makes no sense; reported with exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
