using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Augmentation;

/// <summary>
/// The pixel work of augmentation, in plain C# arithmetic (no Skia, no SIMD intrinsics) so the bytes out are the
/// same on every platform. Rounding is half-up after clamping to [0, 255].
/// </summary>
internal static class ImageKernels
{
    internal static byte ToByte(double value) =>
        value <= 0 ? (byte)0 : value >= 255 ? (byte)255 : (byte)Math.Floor(value + 0.5);

    /// <summary>
    /// Resamples <paramref name="source"/> through a forward map into a new image of the given size, bilinear.
    /// Points that fall outside the source are black (air): reflecting would invent anatomy at the edges.
    /// When the map shrinks the picture by more than 1.5× it averages n×n bilinear samples per pixel, so a large
    /// radiograph resized to 256 does not alias.
    /// </summary>
    public static GrayImage Resample(GrayImage source, Affine forward, int width, int height)
    {
        var inverse = forward.Inverse();
        var stepX = Math.Sqrt((inverse.A * inverse.A) + (inverse.D * inverse.D));
        var stepY = Math.Sqrt((inverse.B * inverse.B) + (inverse.E * inverse.E));
        var step = Math.Max(stepX, stepY);
        var n = step > 1.5 ? (int)Math.Ceiling(step) : 1;
        var result = new GrayImage(width, height);
        var output = result.MutablePixels;
        var src = source.Pixels;
        var sw = source.Width;
        var sh = source.Height;
        for (var j = 0; j < height; j++)
        {
            for (var i = 0; i < width; i++)
            {
                double sum = 0;
                for (var sy = 0; sy < n; sy++)
                {
                    var oy = j + ((sy + 0.5) / n);
                    for (var sx = 0; sx < n; sx++)
                    {
                        var ox = i + ((sx + 0.5) / n);
                        var (u, v) = inverse.Map(ox, oy);
                        sum += Bilinear(src, sw, sh, u - 0.5, v - 0.5);
                    }
                }

                output[(j * width) + i] = ToByte(sum / (n * n));
            }
        }

        return result;
    }

    private static double Bilinear(ReadOnlySpan<byte> src, int width, int height, double x, double y)
    {
        // A small tolerance keeps exact maps (quarter turns, flips) from losing edge pixels to rounding noise.
        const double Tolerance = 1e-9;
        if (x < -0.5 - Tolerance || y < -0.5 - Tolerance || x > width - 0.5 + Tolerance || y > height - 0.5 + Tolerance)
        {
            return 0;
        }

        x = Math.Clamp(x, 0, width - 1);
        y = Math.Clamp(y, 0, height - 1);
        var x0 = (int)Math.Floor(x);
        var y0 = (int)Math.Floor(y);
        var x1 = Math.Min(x0 + 1, width - 1);
        var y1 = Math.Min(y0 + 1, height - 1);
        var fx = x - x0;
        var fy = y - y0;
        var top = (src[(y0 * width) + x0] * (1 - fx)) + (src[(y0 * width) + x1] * fx);
        var bottom = (src[(y1 * width) + x0] * (1 - fx)) + (src[(y1 * width) + x1] * fx);
        return (top * (1 - fy)) + (bottom * fy);
    }

    /// <summary>Maps a box through a forward map: the axis-aligned bounding box of its corners, clipped.</summary>
    public static PixelBox MapBox(PixelBox box, Affine forward, int width, int height)
    {
        var corners = new[]
        {
            forward.Map(box.X, box.Y),
            forward.Map(box.X + box.Width, box.Y),
            forward.Map(box.X, box.Y + box.Height),
            forward.Map(box.X + box.Width, box.Y + box.Height),
        };
        var minX = corners.Min(c => c.X);
        var maxX = corners.Max(c => c.X);
        var minY = corners.Min(c => c.Y);
        var maxY = corners.Max(c => c.Y);

        // Snap within 1e-6 of an integer so that exact maps give back exact boxes.
        var left = (int)Math.Floor(minX + 1e-6);
        var top = (int)Math.Floor(minY + 1e-6);
        var right = (int)Math.Ceiling(maxX - 1e-6);
        var bottom = (int)Math.Ceiling(maxY - 1e-6);
        return new PixelBox(left, top, right - left, bottom - top).ClipTo(width, height);
    }

    public static GrayImage MapLevels(GrayImage source, Func<int, double> level)
    {
        var table = new byte[256];
        for (var p = 0; p < 256; p++)
        {
            table[p] = ToByte(level(p));
        }

        var result = new GrayImage(source.Width, source.Height);
        var output = result.MutablePixels;
        var input = source.Pixels;
        for (var k = 0; k < input.Length; k++)
        {
            output[k] = table[input[k]];
        }

        return result;
    }

    public static double Mean(GrayImage image)
    {
        long sum = 0;
        foreach (var p in image.Pixels)
        {
            sum += p;
        }

        return (double)sum / image.Pixels.Length;
    }

    /// <summary>Adds zero-mean Gaussian noise, one Box–Muller pair per two pixels, from the seed's stream so it replays exactly.</summary>
    public static GrayImage AddNoise(GrayImage source, double sigma, int seed)
    {
        var random = new DeterministicRandom(seed);
        var result = new GrayImage(source.Width, source.Height);
        var output = result.MutablePixels;
        var input = source.Pixels;
        for (var k = 0; k < input.Length; k += 2)
        {
            var (first, second) = random.NormalPair();
            output[k] = ToByte(input[k] + (sigma * first));
            if (k + 1 < input.Length)
            {
                output[k + 1] = ToByte(input[k + 1] + (sigma * second));
            }
        }

        return result;
    }

    /// <summary>Separable Gaussian blur, edges clamped (repeat the border pixel), kernel radius ⌈3σ⌉.</summary>
    public static GrayImage Blur(GrayImage source, double sigma)
    {
        var radius = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        var kernel = new double[(2 * radius) + 1];
        double total = 0;
        for (var t = -radius; t <= radius; t++)
        {
            kernel[t + radius] = Math.Exp(-(t * t) / (2 * sigma * sigma));
            total += kernel[t + radius];
        }

        for (var t = 0; t < kernel.Length; t++)
        {
            kernel[t] /= total;
        }

        var w = source.Width;
        var h = source.Height;
        var input = source.Pixels;
        var horizontal = new double[w * h];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                double sum = 0;
                for (var t = -radius; t <= radius; t++)
                {
                    sum += kernel[t + radius] * input[(y * w) + Math.Clamp(x + t, 0, w - 1)];
                }

                horizontal[(y * w) + x] = sum;
            }
        }

        var result = new GrayImage(w, h);
        var output = result.MutablePixels;
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                double sum = 0;
                for (var t = -radius; t <= radius; t++)
                {
                    sum += kernel[t + radius] * horizontal[(Math.Clamp(y + t, 0, h - 1) * w) + x];
                }

                output[(y * w) + x] = ToByte(sum);
            }
        }

        return result;
    }
}
