namespace JointDislocation.ML.Phantoms;

/// <summary>The label names phantoms are written with (folders and manifest), and the style names.</summary>
public static class PhantomLabels
{
    /// <summary>The positive class: <c>dislocated</c>.</summary>
    public const string Dislocated = "dislocated";

    /// <summary>The negative class: <c>located</c>.</summary>
    public const string Located = "located";

    /// <summary>The label of a phantom.</summary>
    /// <param name="dislocated">Whether the joint is dislocated.</param>
    /// <returns><see cref="Dislocated"/> or <see cref="Located"/>.</returns>
    public static string For(bool dislocated) => dislocated ? Dislocated : Located;

    /// <summary>The lower-case name of a style: <c>internet</c> or <c>hospital</c>.</summary>
    /// <param name="style">The style.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined style.</exception>
    public static string ToName(this PhantomStyle style) => style switch
    {
        PhantomStyle.Internet => "internet",
        PhantomStyle.Hospital => "hospital",
        _ => throw new ArgumentOutOfRangeException(nameof(style), style, "Unknown phantom style."),
    };

    /// <summary>Parses a style name, ignoring case.</summary>
    /// <param name="text">The name.</param>
    /// <param name="style">The style, when the name is known.</param>
    /// <returns><see langword="true"/> for <c>internet</c> or <c>hospital</c>.</returns>
    public static bool TryParseStyle(string? text, out PhantomStyle style)
    {
        switch (text?.Trim())
        {
            case { } t when t.Equals("internet", StringComparison.OrdinalIgnoreCase):
                style = PhantomStyle.Internet;
                return true;
            case { } t when t.Equals("hospital", StringComparison.OrdinalIgnoreCase):
                style = PhantomStyle.Hospital;
                return true;
            default:
                style = default;
                return false;
        }
    }
}
