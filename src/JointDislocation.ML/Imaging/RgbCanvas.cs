using SkiaSharp;

namespace JointDislocation.ML.Imaging;

/// <summary>
/// An RGB picture composed in managed code (blending, scaling, text), so the pixels are the same on every machine;
/// SkiaSharp only encodes the finished PNG.
/// </summary>
internal sealed class RgbCanvas
{
    public RgbCanvas(int width, int height, RgbColor background = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        Width = width;
        Height = height;
        Pixels = new byte[checked(width * height * 3)];
        FillRect(0, 0, width, height, background);
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major RGB triples.</summary>
    public byte[] Pixels { get; }

    public RgbColor this[int x, int y]
    {
        get
        {
            var i = ((y * Width) + x) * 3;
            return new RgbColor(Pixels[i], Pixels[i + 1], Pixels[i + 2]);
        }

        set
        {
            var i = ((y * Width) + x) * 3;
            Pixels[i] = value.R;
            Pixels[i + 1] = value.G;
            Pixels[i + 2] = value.B;
        }
    }

    public static RgbCanvas FromGray(GrayImage image)
    {
        var canvas = new RgbCanvas(image.Width, image.Height);
        var source = image.Pixels;
        for (var i = 0; i < source.Length; i++)
        {
            canvas.Pixels[i * 3] = source[i];
            canvas.Pixels[(i * 3) + 1] = source[i];
            canvas.Pixels[(i * 3) + 2] = source[i];
        }

        return canvas;
    }

    public void FillRect(int x, int y, int width, int height, RgbColor color)
    {
        var left = Math.Max(0, x);
        var top = Math.Max(0, y);
        var right = Math.Min(Width, x + width);
        var bottom = Math.Min(Height, y + height);
        for (var row = top; row < bottom; row++)
        {
            for (var column = left; column < right; column++)
            {
                this[column, row] = color;
            }
        }
    }

    /// <summary>
    /// Draws another canvas scaled into a rectangle: each target pixel averages the source pixels whose centres
    /// fall in its footprint (area averaging, no aliasing when shrinking), or takes the nearest when enlarging.
    /// </summary>
    public void DrawScaled(RgbCanvas source, int x, int y, int width, int height)
    {
        var sx = (double)source.Width / width;
        var sy = (double)source.Height / height;
        for (var row = 0; row < height; row++)
        {
            var (y0, y1) = Footprint(row, sy, source.Height);
            for (var column = 0; column < width; column++)
            {
                var (x0, x1) = Footprint(column, sx, source.Width);
                int r = 0, g = 0, b = 0, n = 0;
                for (var v = y0; v < y1; v++)
                {
                    for (var u = x0; u < x1; u++)
                    {
                        var i = ((v * source.Width) + u) * 3;
                        r += source.Pixels[i];
                        g += source.Pixels[i + 1];
                        b += source.Pixels[i + 2];
                        n++;
                    }
                }

                var tx = x + column;
                var ty = y + row;
                if (tx >= 0 && tx < Width && ty >= 0 && ty < Height)
                {
                    this[tx, ty] = new RgbColor((byte)((r + (n / 2)) / n), (byte)((g + (n / 2)) / n), (byte)((b + (n / 2)) / n));
                }
            }
        }
    }

    /// <summary>Draws another canvas unscaled with its top-left corner at (x, y).</summary>
    public void Draw(RgbCanvas source, int x, int y) => DrawScaled(source, x, y, source.Width, source.Height);

    public byte[] EncodePng()
    {
        var rgba = new byte[Width * Height * 4];
        for (int i = 0, j = 0; i < Pixels.Length; i += 3, j += 4)
        {
            rgba[j] = Pixels[i];
            rgba[j + 1] = Pixels[i + 1];
            rgba[j + 2] = Pixels[i + 2];
            rgba[j + 3] = 255;
        }

        var info = new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var image = SKImage.FromPixelCopy(info, rgba)
            ?? throw new InvalidOperationException($"SkiaSharp could not wrap a {Width}×{Height} picture.");
        using var data = image.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException($"SkiaSharp could not encode a {Width}×{Height} PNG.");
        return data.ToArray();
    }

    // Source pixels [start, end) whose centres fall in target pixel i's footprint; at least one.
    private static (int Start, int End) Footprint(int i, double scale, int size)
    {
        var start = Math.Clamp((int)Math.Ceiling((i * scale) - 0.5), 0, size - 1);
        var end = Math.Clamp((int)Math.Ceiling(((i + 1) * scale) - 0.5), 0, size);
        return end > start ? (start, end) : (Math.Clamp((int)((i + 0.5) * scale), 0, size - 1), Math.Clamp((int)((i + 0.5) * scale), 0, size - 1) + 1);
    }
}
