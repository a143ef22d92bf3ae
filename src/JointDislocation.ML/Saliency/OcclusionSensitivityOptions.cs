namespace JointDislocation.ML.Saliency;

/// <summary>
/// Options for <see cref="OcclusionSensitivity"/>. Sizes are in pixels of the image given to it, which for
/// <see cref="ModelExplainer.OcclusionAsync"/> is the network's input grid (224×224 for ResNet18), not the original.
/// </summary>
public sealed record OcclusionSensitivityOptions
{
    /// <summary>Side of the square patch that is covered: the default is one cell of ResNet18's 7×7 map.</summary>
    /// <value>32.</value>
    public int PatchSize { get; init; } = 32;

    /// <summary>Step between patch positions; at most <see cref="PatchSize"/> so that every pixel is covered.</summary>
    /// <value>24 (9 × 9 = 81 positions on a 224×224 input).</value>
    public int Stride { get; init; } = 24;

    /// <summary>
    /// What a patch is filled with. A flat mean-gray square laid over burned-in text, a side marker or a black or
    /// white border band is itself a strong new feature, so with <see cref="OcclusionBaseline.Mean"/> the map's peak
    /// often lands on those marks rather than on what the model uses (measured in docs/saliency.md); the blurred copy
    /// keeps the local brightness and removes only fine structure.
    /// </summary>
    /// <value><see cref="OcclusionBaseline.Blur"/>.</value>
    public OcclusionBaseline Baseline { get; init; } = OcclusionBaseline.Blur;

    /// <summary>Radius of the box blur (applied twice, close to a Gaussian) for <see cref="OcclusionBaseline.Blur"/>.</summary>
    /// <value>8.</value>
    public int BlurRadius { get; init; } = 8;

    /// <summary>How many occluded images go to the scorer in one call (the backbone's batch).</summary>
    /// <value>32.</value>
    public int BatchSize { get; init; } = 32;

    /// <summary>Checks every option and reports all problems together.</summary>
    /// <exception cref="ArgumentException">One or more options are out of range.</exception>
    public void Validate() => OptionsValidator.Validate("occlusion options", Collect);

    /// <summary>States every rule of these options on <paramref name="problems"/>.</summary>
    internal void Collect(OptionsValidator problems)
    {
        if (PatchSize < 1)
        {
            problems.Add($"PatchSize must be at least 1 (got {PatchSize})");
        }

        if (Stride < 1)
        {
            problems.Add($"Stride must be at least 1 (got {Stride})");
        }
        else if (PatchSize >= 1 && Stride > PatchSize)
        {
            problems.Add($"Stride ({Stride}) must not exceed PatchSize ({PatchSize}), or some pixels are never occluded");
        }

        if (!Enum.IsDefined(Baseline))
        {
            problems.Add($"Baseline {(int)Baseline} is not a known baseline");
        }

        if (BlurRadius < 1)
        {
            problems.Add($"BlurRadius must be at least 1 (got {BlurRadius})");
        }

        if (BatchSize < 1)
        {
            problems.Add($"BatchSize must be at least 1 (got {BatchSize})");
        }
    }
}
