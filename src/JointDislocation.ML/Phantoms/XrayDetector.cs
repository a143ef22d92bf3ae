using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Phantoms;

/// <summary>
/// From attenuation to a displayed radiograph: trabecular texture, unsharpness, the heel effect, quantum noise,
/// the large-scale equalisation of digital radiography, windowing and detector gamma.
/// </summary>
internal static class XrayDetector
{
    /// <summary>
    /// Band-limited value noise around 1 (two octaves, cells of about 1.5 and 4.5 mm): the trabecular pattern that
    /// multiplies cancellous bone's attenuation.
    /// </summary>
    public static float[] TrabecularTexture(int width, int height, double mmPerPixel, DeterministicRandom rng)
    {
        var texture = new float[width * height];
        Array.Fill(texture, 1f);
        AddValueNoise(texture, width, height, Math.Max(2.0, 1.5 / mmPerPixel), 0.30f, rng);
        AddValueNoise(texture, width, height, Math.Max(4.0, 4.5 / mmPerPixel), 0.15f, rng);
        return texture;
    }

    /// <summary>Focal-spot and detector unsharpness: repeated 3-tap box passes, each adding 2/3 px² of variance.</summary>
    public static void Blur(float[] data, int width, int height, double sigmaPixels)
    {
        var passes = Math.Clamp((int)Math.Round(sigmaPixels * sigmaPixels / 0.667), 1, 8);
        var scratch = new float[data.Length];
        for (var p = 0; p < passes; p++)
        {
            BoxBlur.Apply(data, scratch, width, height, 1);
        }
    }

    /// <summary>
    /// Adds quantum noise in the log domain: a detector pixel behind attenuation A receives N₀·e^(−A) quanta, so the
    /// log signal's noise grows as e^(A/2); <paramref name="sigmaReference"/> is its standard deviation at
    /// <paramref name="reference"/>. Also subtracts the heel effect, a gentle gradient of the tube's output.
    /// </summary>
    public static void AddNoiseAndHeel(float[] a, int width, int height, double reference, double sigmaReference, double heel, bool heelAlongRows, DeterministicRandom rng)
    {
        var noise = new float[width];
        var cap = (float)(reference + 3.0);
        var reference32 = (float)reference;
        var sigma32 = (float)sigmaReference;
        var heelColumns = new float[width];
        var heelRows = new float[height];
        for (var x = 0; x < width; x++)
        {
            heelColumns[x] = heelAlongRows ? 0f : (float)-Math.Log(1 + (heel * ((x + 0.5) / width - 0.5)));
        }

        for (var y = 0; y < height; y++)
        {
            heelRows[y] = heelAlongRows ? (float)-Math.Log(1 + (heel * ((y + 0.5) / height - 0.5))) : 0f;
        }

        for (var y = 0; y < height; y++)
        {
            rng.FillGaussian(noise);
            var row = y * width;
            for (var x = 0; x < width; x++)
            {
                var value = a[row + x];
                var exponent = 0.5f * (Math.Min(value, cap) - reference32);
                a[row + x] = value + (sigma32 * MathF.Exp(exponent) * noise[x]) + heelColumns[x] + heelRows[y];
            }
        }
    }

    /// <summary>A flat panel's line noise: one Gaussian offset per row and one per column.</summary>
    public static void AddLineNoise(float[] a, int width, int height, double sigmaRows, double sigmaColumns, DeterministicRandom rng)
    {
        var rows = new float[height];
        var columns = new float[width];
        rng.FillGaussian(rows);
        rng.FillGaussian(columns);
        var (sr, sc) = ((float)sigmaRows, (float)sigmaColumns);
        for (var y = 0; y < height; y++)
        {
            var offset = sr * rows[y];
            var row = y * width;
            for (var x = 0; x < width; x++)
            {
                a[row + x] += offset + (sc * columns[x]);
            }
        }
    }

    /// <summary>
    /// Multi-scale processing as digital radiography does it: subtracts part of a wide blur, which compresses the
    /// large-scale range (thick versus thin soft tissue) and leaves bone edges and texture.
    /// </summary>
    public static void Equalise(float[] data, int width, int height, int radius, double strength)
    {
        var wide = (float[])data.Clone();
        var scratch = new float[data.Length];
        BoxBlur.Apply(wide, scratch, width, height, radius);
        BoxBlur.Apply(wide, scratch, width, height, radius);
        var s = (float)strength;
        for (var i = 0; i < data.Length; i++)
        {
            data[i] -= s * wide[i];
        }
    }

    /// <summary>Values at quantiles of the pixels outside the mask (histogram of 4096 bins, one pass).</summary>
    public static float[] Quantiles(float[] data, bool[]? exclude, params double[] quantiles)
    {
        var min = float.MaxValue;
        var max = float.MinValue;
        for (var i = 0; i < data.Length; i++)
        {
            if (exclude is null || !exclude[i])
            {
                var v = data[i];
                min = v < min ? v : min;
                max = v > max ? v : max;
            }
        }

        var result = new float[quantiles.Length];
        if (!(max > min))
        {
            Array.Fill(result, min == float.MaxValue ? 0f : min);
            return result;
        }

        const int Bins = 4096;
        var histogram = new int[Bins];
        var scale = (Bins - 1) / (max - min);
        var count = 0;
        for (var i = 0; i < data.Length; i++)
        {
            if (exclude is null || !exclude[i])
            {
                histogram[(int)((data[i] - min) * scale)]++;
                count++;
            }
        }

        for (var q = 0; q < quantiles.Length; q++)
        {
            var target = quantiles[q] * count;
            var run = 0L;
            result[q] = max;
            for (var b = 0; b < Bins; b++)
            {
                run += histogram[b];
                if (run >= target)
                {
                    result[q] = min + ((b + 0.5f) / scale);
                    break;
                }
            }
        }

        return result;
    }

    /// <summary>Maps a window of the log signal onto output levels through a gamma curve.</summary>
    public static byte[] Display(float[] data, float low, float high, double outputLow, double outputHigh, double gamma)
    {
        var lut = new byte[4096];
        for (var i = 0; i < lut.Length; i++)
        {
            var t = i / (double)(lut.Length - 1);
            lut[i] = (byte)Math.Clamp(Math.Round(outputLow + ((outputHigh - outputLow) * Math.Pow(t, gamma))), 0, 255);
        }

        var pixels = new byte[data.Length];
        var scale = (lut.Length - 1) / Math.Max(high - low, 1e-6f);
        for (var i = 0; i < data.Length; i++)
        {
            var index = (int)((data[i] - low) * scale);
            pixels[i] = lut[index < 0 ? 0 : (index >= lut.Length ? lut.Length - 1 : index)];
        }

        return pixels;
    }

    /// <summary>
    /// DICOM-like display: the signal between <paramref name="low"/> and <paramref name="high"/> is stored as an
    /// unsigned integer of <paramref name="bits"/> bits, then a VOI window (centre and width in signal units) maps
    /// stored values to output levels, linearly with clipping (DICOM's LINEAR) or through DICOM's SIGMOID.
    /// </summary>
    public static byte[] DisplayVoi(float[] data, float low, float high, int bits, double centre, double width, bool sigmoid, double outputLow, double outputHigh)
    {
        var levels = (1 << bits) - 1;
        var step = (high - low) / (double)levels;
        var lut = new byte[levels + 1];
        for (var i = 0; i <= levels; i++)
        {
            var value = low + (i * step);
            var t = sigmoid
                ? 1 / (1 + Math.Exp(-4 * (value - centre) / width))
                : Math.Clamp(((value - centre) / Math.Max(width, 1e-6)) + 0.5, 0, 1);
            lut[i] = (byte)Math.Clamp(Math.Round(outputLow + ((outputHigh - outputLow) * t)), 0, 255);
        }

        var pixels = new byte[data.Length];
        var scale = 1 / step;
        for (var i = 0; i < data.Length; i++)
        {
            var stored = (int)Math.Round((data[i] - low) * scale);
            pixels[i] = lut[stored < 0 ? 0 : (stored > levels ? levels : stored)];
        }

        return pixels;
    }

    private static void AddValueNoise(float[] texture, int width, int height, double cell, float amplitude, DeterministicRandom rng)
    {
        var gw = (int)Math.Ceiling(width / cell) + 2;
        var gh = (int)Math.Ceiling(height / cell) + 2;
        var grid = new float[gw * gh];
        for (var i = 0; i < grid.Length; i++)
        {
            grid[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        var inverse = 1.0 / cell;
        var xs = new int[width];
        var fx = new float[width];
        for (var x = 0; x < width; x++)
        {
            var gx = x * inverse;
            xs[x] = (int)gx;
            var f = (float)(gx - xs[x]);
            fx[x] = f * f * (3 - (2 * f));
        }

        for (var y = 0; y < height; y++)
        {
            var gy = y * inverse;
            var iy = (int)gy;
            var f = (float)(gy - iy);
            var fy = f * f * (3 - (2 * f));
            var row0 = iy * gw;
            var row1 = row0 + gw;
            var row = y * width;
            for (var x = 0; x < width; x++)
            {
                var ix = xs[x];
                var top = grid[row0 + ix] + ((grid[row0 + ix + 1] - grid[row0 + ix]) * fx[x]);
                var bottom = grid[row1 + ix] + ((grid[row1 + ix + 1] - grid[row1 + ix]) * fx[x]);
                texture[row + x] += amplitude * (top + ((bottom - top) * fy));
            }
        }
    }
}
