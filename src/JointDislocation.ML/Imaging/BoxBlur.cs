namespace JointDislocation.ML.Imaging;

/// <summary>
/// The library's one box blur: a running-sum mean over 2r + 1 pixels along rows, then along columns, with edge pixels
/// repeated outward (so a bright border does not darken). Its cost does not depend on the radius. Repeated passes
/// approach a Gaussian: the phantoms' detector unsharpness and equalisation, and the occlusion baseline, use it so.
/// </summary>
/// <remarks>
/// Sums are kept in <see langword="float"/> in a fixed order, so the result is the same on every platform; the
/// phantoms' pinned bytes depend on this exact arithmetic.
/// </remarks>
internal static class BoxBlur
{
    /// <summary>Blurs <paramref name="data"/> in place; <paramref name="scratch"/> is a buffer of the same length.</summary>
    public static void Apply(float[] data, float[] scratch, int width, int height, int radius)
    {
        var norm = 1f / ((2 * radius) + 1);
        for (var y = 0; y < height; y++)
        {
            var row = y * width;
            var sum = 0f;
            for (var k = -radius; k <= radius; k++)
            {
                sum += data[row + Math.Clamp(k, 0, width - 1)];
            }

            for (var x = 0; x < width; x++)
            {
                scratch[row + x] = sum * norm;
                sum += data[row + Math.Min(x + radius + 1, width - 1)] - data[row + Math.Max(x - radius, 0)];
            }
        }

        var column = new float[height];
        for (var x = 0; x < width; x++)
        {
            var sum = 0f;
            for (var k = -radius; k <= radius; k++)
            {
                sum += scratch[(Math.Clamp(k, 0, height - 1) * width) + x];
            }

            for (var y = 0; y < height; y++)
            {
                column[y] = sum * norm;
                sum += scratch[(Math.Min(y + radius + 1, height - 1) * width) + x] - scratch[(Math.Max(y - radius, 0) * width) + x];
            }

            for (var y = 0; y < height; y++)
            {
                data[(y * width) + x] = column[y];
            }
        }
    }

    /// <summary>
    /// Blurs an 8-bit image with <paramref name="passes"/> passes of radius <paramref name="radius"/>, rounding the
    /// result to the nearest level (ties to even).
    /// </summary>
    public static GrayImage Apply(GrayImage image, int radius, int passes)
    {
        var values = new float[image.Pixels.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = image.Pixels[i];
        }

        var scratch = new float[values.Length];
        for (var pass = 0; pass < passes; pass++)
        {
            Apply(values, scratch, image.Width, image.Height, radius);
        }

        var pixels = new byte[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            pixels[i] = (byte)Math.Clamp((int)MathF.Round(values[i]), 0, 255);
        }

        return new GrayImage(image.Width, image.Height, pixels);
    }
}
