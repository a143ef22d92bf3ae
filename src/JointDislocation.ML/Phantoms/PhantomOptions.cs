namespace JointDislocation.ML.Phantoms;

/// <summary>What one phantom shows: the joint, whether it is dislocated, the style, the difficulty and, optionally, a fixed size.</summary>
public sealed record PhantomOptions
{
    /// <summary>The joint. <value>Default <see cref="Joint.Shoulder"/>.</value></summary>
    public Joint Joint { get; init; } = Joint.Shoulder;

    /// <summary>Whether the joint is dislocated. <value>Default <see langword="false"/>.</value></summary>
    public bool Dislocated { get; init; }

    /// <summary>The finish. <value>Default <see cref="PhantomStyle.Internet"/>.</value></summary>
    public PhantomStyle Style { get; init; } = PhantomStyle.Internet;

    /// <summary>
    /// 0 = gross dislocation (the head far out of its socket) … 1 = subtle subluxation (a few millimetres).
    /// <value>Default 0.3.</value>
    /// </summary>
    public double Difficulty { get; init; } = 0.3;

    /// <summary>
    /// Image width in pixels (64–4096), or <see langword="null"/> to draw one for the style. Fixing the width or the
    /// height keeps the saved image at the rendered size: an internet figure then gets no second panel, screenshot
    /// border or caption and is not resized. <value>Default <see langword="null"/>.</value>
    /// </summary>
    public int? Width { get; init; }

    /// <summary>Image height in pixels (64–4096), or <see langword="null"/> to draw one for the style. <value>Default <see langword="null"/>.</value></summary>
    public int? Height { get; init; }

    /// <summary>Checks every field and reports all problems together.</summary>
    /// <exception cref="ArgumentException">One or more fields are out of range; the message lists them all.</exception>
    public void Validate() => OptionsValidator.Validate("phantom options", Collect);

    /// <summary>States every rule of these options on <paramref name="problems"/>.</summary>
    internal void Collect(OptionsValidator problems)
    {
        if (!Enum.IsDefined(Joint))
        {
            problems.Add($"Joint {(int)Joint} is not a defined joint.");
        }

        if (!Enum.IsDefined(Style))
        {
            problems.Add($"Style {(int)Style} is not a defined style.");
        }

        if (double.IsNaN(Difficulty) || Difficulty < 0 || Difficulty > 1)
        {
            problems.Add($"Difficulty must lie in [0, 1], got {Difficulty}.");
        }

        if (Width is < 64 or > 4096)
        {
            problems.Add($"Width must lie in 64–4096 pixels, got {Width}.");
        }

        if (Height is < 64 or > 4096)
        {
            problems.Add($"Height must lie in 64–4096 pixels, got {Height}.");
        }
    }
}
