namespace JointDislocation.ML.Phantoms;

/// <summary>What a phantom set holds and where it goes.</summary>
public sealed record PhantomSetOptions
{
    /// <summary>The folder to write <c>&lt;joint&gt;/&lt;label&gt;/*.png</c> and <c>manifest.csv</c> into. Required.</summary>
    public string OutputDirectory { get; init; } = string.Empty;

    /// <summary>The joints. <value>Default all four.</value></summary>
    public IReadOnlyList<Joint> Joints { get; init; } = JointNames.All;

    /// <summary>Images per label and joint. <value>Default 50, as in the study.</value></summary>
    public int PerClass { get; init; } = 50;

    /// <summary>The finish. <value>Default <see cref="PhantomStyle.Internet"/>.</value></summary>
    public PhantomStyle Style { get; init; } = PhantomStyle.Internet;

    /// <summary>0 = gross dislocations … 1 = subtle subluxations. <value>Default 0.3.</value></summary>
    public double Difficulty { get; init; } = 0.3;

    /// <summary>The seed every image's seed is derived from. <value>Default 42.</value></summary>
    public int Seed { get; init; } = 42;

    /// <summary>Images generated at once; the output does not depend on it. <value>Default the processor count.</value></summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Checks every field and reports all problems together.</summary>
    /// <exception cref="ArgumentException">One or more fields are invalid; the message lists them all.</exception>
    public void Validate() => OptionsValidator.Validate("phantom set options", Collect);

    /// <summary>States every rule of these options on <paramref name="problems"/>.</summary>
    internal void Collect(OptionsValidator problems)
    {
        if (string.IsNullOrWhiteSpace(OutputDirectory))
        {
            problems.Add($"OutputDirectory is required.");
        }

        if (Joints is null || Joints.Count == 0)
        {
            problems.Add($"Joints must name at least one joint.");
        }
        else if (Joints.Any(j => !Enum.IsDefined(j)))
        {
            problems.Add($"Joints contains an undefined joint.");
        }
        else if (Joints.Distinct().Count() != Joints.Count)
        {
            problems.Add($"Joints contains a joint twice.");
        }

        if (PerClass < 1)
        {
            problems.Add($"PerClass must be at least 1, got {PerClass}.");
        }

        if (!Enum.IsDefined(Style))
        {
            problems.Add($"Style {(int)Style} is not a defined style.");
        }

        if (double.IsNaN(Difficulty) || Difficulty < 0 || Difficulty > 1)
        {
            problems.Add($"Difficulty must lie in [0, 1], got {Difficulty}.");
        }

        if (MaxDegreeOfParallelism < 1)
        {
            problems.Add($"MaxDegreeOfParallelism must be at least 1, got {MaxDegreeOfParallelism}.");
        }
    }
}
