namespace JointDislocation.ML.Saliency;

/// <summary>Options for <see cref="SaliencyOverlay"/>.</summary>
public sealed record SaliencyOverlayOptions
{
    /// <summary>The colormap for the heat.</summary>
    /// <value><see cref="Colormaps.Jet"/>, as in the study.</value>
    public IColormap Colormap { get; init; } = Colormaps.Jet;

    /// <summary>Opacity of the heat over the radiograph, from 0 (the radiograph only) to 1 (the heat only).</summary>
    /// <value>0.5.</value>
    public double Alpha { get; init; } = 0.5;

    /// <summary>Normalised heat below this value is left transparent, so that only the salient part is tinted.</summary>
    /// <value>0 (every covered pixel is tinted).</value>
    public double Threshold { get; init; }

    /// <summary>How the map is brought to <c>[0, 1]</c>.</summary>
    /// <value><see cref="SaliencyNormalization.MinMax"/>.</value>
    public SaliencyNormalization Normalization { get; init; } = SaliencyNormalization.MinMax;

    /// <summary>Side of the square tiles in panels and contact sheets, in pixels; images are scaled to fit.</summary>
    /// <value>256.</value>
    public int TileSize { get; init; } = 256;

    /// <summary>Checks every option and reports all problems together.</summary>
    /// <exception cref="ArgumentException">One or more options are out of range.</exception>
    public void Validate() => OptionsValidator.Validate("overlay options", Collect);

    /// <summary>States every rule of these options on <paramref name="problems"/>.</summary>
    internal void Collect(OptionsValidator problems)
    {
        if (Colormap is null)
        {
            problems.Add($"Colormap must be set");
        }

        if (!(Alpha >= 0 && Alpha <= 1))
        {
            problems.Add($"Alpha must be in [0, 1] (got {Alpha})");
        }

        if (!(Threshold >= 0 && Threshold <= 1))
        {
            problems.Add($"Threshold must be in [0, 1] (got {Threshold})");
        }

        if (!Enum.IsDefined(Normalization))
        {
            problems.Add($"Normalization {(int)Normalization} is not a known normalisation");
        }

        if (TileSize < 32 || TileSize > 4096)
        {
            problems.Add($"TileSize must be in [32, 4096] (got {TileSize})");
        }
    }
}
