using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Saliency;

/// <summary>Maps a normalised value in <c>[0, 1]</c> to a colour.</summary>
public interface IColormap
{
    /// <summary>The colormap's name, lower case (for example <c>jet</c>).</summary>
    string Name { get; }

    /// <summary>The colour for a value; values outside <c>[0, 1]</c> are clamped, NaN counts as 0.</summary>
    /// <param name="t">The value.</param>
    /// <returns>The colour.</returns>
    RgbColor GetColor(double t);
}
