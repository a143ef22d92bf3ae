using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Saliency;

/// <summary>
/// How the network's input (for example 224×224) was cut from the original image, so that a map computed on the
/// input can be drawn back onto the original: an axis-aligned scale and offset, which covers stretching, centre
/// cropping (ML.NET's <c>IsoCrop</c>, the backbone's default) and letterboxing.
/// </summary>
/// <remarks>
/// Coordinates are continuous, pixel <c>i</c> spanning <c>[i, i+1)</c>. Input point <c>u</c> lies at original
/// point <c>OffsetX + u / ScaleX</c>, so the crop's left edge is at <see cref="OffsetX"/> original pixels (negative
/// when the input has padding around the image).
/// </remarks>
/// <param name="InputWidth">Width of the network input in pixels.</param>
/// <param name="InputHeight">Height of the network input in pixels.</param>
/// <param name="ScaleX">Input pixels per original pixel, horizontally.</param>
/// <param name="ScaleY">Input pixels per original pixel, vertically.</param>
/// <param name="OffsetX">Where the input's left edge lies in the original image, in original pixels.</param>
/// <param name="OffsetY">Where the input's top edge lies in the original image, in original pixels.</param>
public sealed record InputMapping(int InputWidth, int InputHeight, double ScaleX, double ScaleY, double OffsetX, double OffsetY)
{
    /// <summary>The input is the original image, unscaled.</summary>
    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <returns>The mapping.</returns>
    public static InputMapping Identity(int width, int height) => new(width, height, 1, 1, 0, 0);

    /// <summary>The original is stretched to the input size, ignoring its aspect ratio.</summary>
    /// <param name="originalWidth">Original width.</param>
    /// <param name="originalHeight">Original height.</param>
    /// <param name="inputWidth">Input width.</param>
    /// <param name="inputHeight">Input height.</param>
    /// <returns>The mapping.</returns>
    public static InputMapping Stretch(int originalWidth, int originalHeight, int inputWidth, int inputHeight) =>
        new(inputWidth, inputHeight, (double)inputWidth / originalWidth, (double)inputHeight / originalHeight, 0, 0);

    /// <summary>
    /// The original is scaled, keeping its aspect ratio, until it covers the input, and the centre is cut out
    /// (ML.NET's <c>IsoCrop</c> with the centre anchor): the long side loses equal strips at both ends.
    /// </summary>
    /// <param name="originalWidth">Original width.</param>
    /// <param name="originalHeight">Original height.</param>
    /// <param name="inputWidth">Input width.</param>
    /// <param name="inputHeight">Input height.</param>
    /// <returns>The mapping.</returns>
    public static InputMapping CenterCrop(int originalWidth, int originalHeight, int inputWidth, int inputHeight)
    {
        var scale = Math.Max((double)inputWidth / originalWidth, (double)inputHeight / originalHeight);
        return Centered(originalWidth, originalHeight, inputWidth, inputHeight, scale);
    }

    /// <summary>
    /// The original is scaled, keeping its aspect ratio, until it fits inside the input, and centred with padding
    /// (letterboxing): nothing is cut away.
    /// </summary>
    /// <param name="originalWidth">Original width.</param>
    /// <param name="originalHeight">Original height.</param>
    /// <param name="inputWidth">Input width.</param>
    /// <param name="inputHeight">Input height.</param>
    /// <returns>The mapping.</returns>
    public static InputMapping Letterbox(int originalWidth, int originalHeight, int inputWidth, int inputHeight)
    {
        var scale = Math.Min((double)inputWidth / originalWidth, (double)inputHeight / originalHeight);
        return Centered(originalWidth, originalHeight, inputWidth, inputHeight, scale);
    }

    /// <summary>
    /// The original was drawn into a rectangle of the input (in input pixels, possibly reaching beyond the input): the
    /// exact mapping of a resizer that rounds its destination rectangle to whole pixels, as the backbone's does
    /// (ML.NET's arithmetic truncates the rectangle, so a centre crop's true offset and scale differ from
    /// <see cref="CenterCrop"/>'s by up to about one input pixel).
    /// </summary>
    /// <param name="originalWidth">Original width.</param>
    /// <param name="originalHeight">Original height.</param>
    /// <param name="inputWidth">Input width.</param>
    /// <param name="inputHeight">Input height.</param>
    /// <param name="destination">Where the whole original lands in the input: left, top, width, height.</param>
    /// <returns>The mapping.</returns>
    public static InputMapping FromDestination(int originalWidth, int originalHeight, int inputWidth, int inputHeight, (int X, int Y, int Width, int Height) destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(originalWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(originalHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Height, 1);
        var scaleX = (double)destination.Width / originalWidth;
        var scaleY = (double)destination.Height / originalHeight;
        return new InputMapping(inputWidth, inputHeight, scaleX, scaleY, -destination.X / scaleX, -destination.Y / scaleY);
    }

    /// <summary>The original point that an input point shows.</summary>
    /// <param name="u">Input x (continuous).</param>
    /// <param name="v">Input y (continuous).</param>
    /// <returns>The original point (continuous).</returns>
    public (double X, double Y) ToOriginal(double u, double v) => (OffsetX + (u / ScaleX), OffsetY + (v / ScaleY));

    /// <summary>Where an original point lands in the input.</summary>
    /// <param name="x">Original x (continuous).</param>
    /// <param name="y">Original y (continuous).</param>
    /// <returns>The input point (continuous); outside <c>[0, InputWidth) × [0, InputHeight)</c> when cut away.</returns>
    public (double U, double V) ToInput(double x, double y) => ((x - OffsetX) * ScaleX, (y - OffsetY) * ScaleY);

    /// <summary>The original pixels whose centres the input shows: all of the image unless a crop cut strips away.</summary>
    /// <param name="originalWidth">Original width.</param>
    /// <param name="originalHeight">Original height.</param>
    /// <returns>The box, clipped to the image (empty when the input shows none of it).</returns>
    public PixelBox CoveredBox(int originalWidth, int originalHeight)
    {
        // Pixel x is shown when its centre x + 0.5 lies in [OffsetX, OffsetX + InputWidth / ScaleX).
        var left = (int)Math.Ceiling(OffsetX - 0.5);
        var right = (int)Math.Ceiling(OffsetX + (InputWidth / ScaleX) - 0.5);
        var top = (int)Math.Ceiling(OffsetY - 0.5);
        var bottom = (int)Math.Ceiling(OffsetY + (InputHeight / ScaleY) - 0.5);
        return new PixelBox(left, top, right - left, bottom - top).ClipTo(originalWidth, originalHeight);
    }

    /// <summary>Checks that the sizes are positive and the scales positive and finite.</summary>
    /// <exception cref="ArgumentException">A value is out of range (all problems named in one message).</exception>
    public void Validate() => OptionsValidator.Validate("input mapping", Collect);

    /// <summary>States every rule of these options on <paramref name="problems"/>.</summary>
    internal void Collect(OptionsValidator problems)
    {
        if (InputWidth < 1 || InputHeight < 1)
        {
            problems.Add($"input size {InputWidth}×{InputHeight} must be at least 1×1");
        }

        if (!(ScaleX > 0) || !double.IsFinite(ScaleX) || !(ScaleY > 0) || !double.IsFinite(ScaleY))
        {
            problems.Add($"scales ({ScaleX}, {ScaleY}) must be positive and finite");
        }

        if (!double.IsFinite(OffsetX) || !double.IsFinite(OffsetY))
        {
            problems.Add($"offsets ({OffsetX}, {OffsetY}) must be finite");
        }
    }

    private static InputMapping Centered(int originalWidth, int originalHeight, int inputWidth, int inputHeight, double scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(originalWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(originalHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputHeight, 1);
        var offsetX = ((originalWidth * scale) - inputWidth) / 2 / scale;
        var offsetY = ((originalHeight * scale) - inputHeight) / 2 / scale;
        return new InputMapping(inputWidth, inputHeight, scale, scale, offsetX, offsetY);
    }
}
