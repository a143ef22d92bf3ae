namespace JointDislocation.ML.Statistics;

/// <summary>Settings of a stratified percentile bootstrap.</summary>
public sealed class BootstrapOptions
{
    /// <summary>The number of bootstrap replicates.</summary>
    /// <value>2000 (pROC's default).</value>
    public int Replicates { get; init; } = 2000;

    /// <summary>The seed every resample derives from; replicate b uses a seed derived from (Seed, b).</summary>
    /// <value>42.</value>
    public int Seed { get; init; } = 42;

    /// <summary>The confidence level of the percentile interval.</summary>
    /// <value>0.95.</value>
    public double Level { get; init; } = 0.95;

    /// <summary>The most threads to use; −1 uses all. The result does not depend on it.</summary>
    /// <value>−1.</value>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Checks every setting and reports all problems in one exception.</summary>
    /// <exception cref="ArgumentException">One or more settings are invalid; the message lists each.</exception>
    public void Validate() => OptionsValidator.Validate("bootstrap options", Collect);

    /// <summary>States every rule of these options on <paramref name="problems"/>.</summary>
    internal void Collect(OptionsValidator problems)
    {
        if (Replicates < 1)
        {
            problems.Add($"Replicates must be at least 1 (was {Replicates}).");
        }

        if (!(Level > 0 && Level < 1))
        {
            problems.Add($"Level must lie strictly between 0 and 1 (was {Level}).");
        }

        if (MaxDegreeOfParallelism == 0 || MaxDegreeOfParallelism < -1)
        {
            problems.Add($"MaxDegreeOfParallelism must be -1 (all cores) or at least 1 (was {MaxDegreeOfParallelism}).");
        }
    }
}
