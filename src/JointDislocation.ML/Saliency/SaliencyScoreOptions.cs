namespace JointDislocation.ML.Saliency;

/// <summary>Options for <see cref="SaliencyScores"/>.</summary>
public sealed record SaliencyScoreOptions
{
    /// <summary>
    /// Pointing game tolerance in pixels: the peak counts as a hit when it lies within this distance of the ROI box
    /// (Zhang et al. use 15 px on images of a few hundred pixels).
    /// </summary>
    /// <value>0 (the peak must lie inside the box).</value>
    public double PointingTolerance { get; init; }

    /// <summary>
    /// Shortcut rule, first part: the artefacts' share of positive saliency energy must exceed this multiple of their
    /// share of the image's area. A map that ignored the artefacts would give them about their area share.
    /// </summary>
    /// <value>2.</value>
    public double ShortcutFactor { get; init; } = 2;

    /// <summary>Shortcut rule, second part: the artefacts' share of positive saliency energy must be at least this.</summary>
    /// <value>0.1 (a tenth of all positive evidence sits on burned-in marks).</value>
    public double ShortcutMinimumEnergy { get; init; } = 0.1;

    /// <summary>Checks every option and reports all problems together.</summary>
    /// <exception cref="ArgumentException">One or more options are out of range.</exception>
    public void Validate() => OptionsValidator.Validate("saliency score options", Collect);

    /// <summary>States every rule of these options on <paramref name="problems"/>.</summary>
    internal void Collect(OptionsValidator problems)
    {
        if (!(PointingTolerance >= 0) || double.IsInfinity(PointingTolerance))
        {
            problems.Add($"PointingTolerance must be finite and at least 0 (got {PointingTolerance})");
        }

        if (!(ShortcutFactor >= 1) || double.IsInfinity(ShortcutFactor))
        {
            problems.Add($"ShortcutFactor must be finite and at least 1 (got {ShortcutFactor})");
        }

        if (!(ShortcutMinimumEnergy >= 0 && ShortcutMinimumEnergy <= 1))
        {
            problems.Add($"ShortcutMinimumEnergy must be in [0, 1] (got {ShortcutMinimumEnergy})");
        }
    }
}
