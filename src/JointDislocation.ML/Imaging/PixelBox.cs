using System.Globalization;

namespace JointDislocation.ML.Imaging;

/// <summary>
/// An axis-aligned box in pixels of an image: a joint's region of interest, or a burned-in artefact (text, marker,
/// arrow). In manifests an artefact box is written <c>x:y:w:h</c>.
/// </summary>
/// <param name="X">Left column.</param>
/// <param name="Y">Top row.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public readonly record struct PixelBox(int X, int Y, int Width, int Height)
{
    /// <summary>The area in pixels (0 for an empty box).</summary>
    public long Area => Width <= 0 || Height <= 0 ? 0 : (long)Width * Height;

    /// <summary>Whether a pixel lies inside the box.</summary>
    /// <param name="x">Column.</param>
    /// <param name="y">Row.</param>
    /// <returns><see langword="true"/> when inside.</returns>
    public bool Contains(double x, double y) => x >= X && x < X + Width && y >= Y && y < Y + Height;

    /// <summary>Whether two boxes share at least one pixel.</summary>
    internal bool Overlaps(PixelBox other) =>
        X < other.X + other.Width && other.X < X + Width && Y < other.Y + other.Height && other.Y < Y + Height;

    /// <summary>The part of the box that lies inside an image of the given size.</summary>
    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <returns>The clipped box; empty (zero size) when the box lies outside.</returns>
    public PixelBox ClipTo(int width, int height)
    {
        var left = Math.Clamp(X, 0, width);
        var top = Math.Clamp(Y, 0, height);
        var right = Math.Clamp(X + Width, 0, width);
        var bottom = Math.Clamp(Y + Height, 0, height);
        return new PixelBox(left, top, right - left, bottom - top);
    }

    /// <summary>The manifest form <c>x:y:w:h</c>.</summary>
    /// <returns>The box as text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{X}:{Y}:{Width}:{Height}");

    /// <summary>Parses the manifest form <c>x:y:w:h</c>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="box">The box, when the text parses.</param>
    /// <returns><see langword="true"/> when the text is four integers separated by colons, with non-negative size.</returns>
    public static bool TryParse(string? text, out PixelBox box)
    {
        box = default;
        var parts = text?.Trim().Split(':');
        if (parts is not { Length: 4 })
        {
            return false;
        }

        var values = new int[4];
        for (var i = 0; i < 4; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[i]))
            {
                return false;
            }
        }

        if (values[2] < 0 || values[3] < 0)
        {
            return false;
        }

        box = new PixelBox(values[0], values[1], values[2], values[3]);
        return true;
    }
}
