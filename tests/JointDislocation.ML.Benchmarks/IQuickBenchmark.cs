namespace JointDislocation.ML.Benchmarks;

/// <summary>
/// A whole-operation measurement that runs in seconds, outside BenchmarkDotNet, and prints its figures (the last line
/// one JSON object with <c>--json</c>). Implementations are found by reflection; the name is the first argument:
/// <c>dotnet run -c Release --project tests/JointDislocation.ML.Benchmarks -- NAME [options]</c>.
/// </summary>
internal interface IQuickBenchmark
{
    /// <summary>The mode name on the command line, for example <c>pipeline</c>.</summary>
    string Name { get; }

    /// <summary>One line for the usage listing.</summary>
    string Description { get; }

    /// <summary>Runs the measurement.</summary>
    /// <param name="args">The arguments after the name.</param>
    /// <returns>The process exit code.</returns>
    Task<int> RunAsync(string[] args);
}
