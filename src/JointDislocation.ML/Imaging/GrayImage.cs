namespace JointDislocation.ML.Imaging;

/// <summary>
/// A decoded radiograph: 8-bit grayscale, row-major, one byte per pixel, 0 = black (air), 255 = white (bone, metal).
/// The common currency between decoding, phantoms, augmentation, backbones and saliency.
/// </summary>
public sealed class GrayImage
{
    private readonly byte[] _pixels;

    /// <summary>Creates an image over a pixel buffer, which it takes ownership of.</summary>
    /// <param name="width">Width in pixels, at least 1.</param>
    /// <param name="height">Height in pixels, at least 1.</param>
    /// <param name="pixels">Row-major pixels; length must be <paramref name="width"/> × <paramref name="height"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    /// <exception cref="ArgumentException">The buffer length does not match the size.</exception>
    public GrayImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.LongLength != (long)width * height)
        {
            throw new ArgumentException($"Expected {(long)width * height} pixels for {width}×{height}, got {pixels.LongLength}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        _pixels = pixels;
    }

    /// <summary>Creates a black image.</summary>
    /// <param name="width">Width in pixels, at least 1.</param>
    /// <param name="height">Height in pixels, at least 1.</param>
    public GrayImage(int width, int height)
        : this(width, height, new byte[checked(width * height)])
    {
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The pixels, row-major.</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    /// <summary>The pixels, row-major, writable: for code that fills a new image.</summary>
    public Span<byte> MutablePixels => _pixels;

    /// <summary>The pixel at a column and row.</summary>
    /// <param name="x">Column, 0-based.</param>
    /// <param name="y">Row, 0-based.</param>
    public byte this[int x, int y] => _pixels[(y * Width) + x];

    /// <summary>One row of pixels.</summary>
    /// <param name="y">Row, 0-based.</param>
    /// <returns>The row's pixels.</returns>
    public ReadOnlySpan<byte> Row(int y) => _pixels.AsSpan(y * Width, Width);

    /// <summary>A deep copy.</summary>
    /// <returns>A new image with its own buffer.</returns>
    public GrayImage Clone() => new(Width, Height, (byte[])_pixels.Clone());
}
