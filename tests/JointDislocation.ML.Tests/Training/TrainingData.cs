using JointDislocation.ML.Data;
using JointDislocation.ML.Tests.Data;

namespace JointDislocation.ML.Tests.Training;

/// <summary>
/// A small, learnable image set written to disk: a bright "head" that sits in the middle of the image when located
/// and is displaced towards a corner when dislocated, with noise and jitter so the task is not trivial.
/// </summary>
internal static class TrainingData
{
    public static List<RadiographRecord> Write(string folder, int perClass, int seed, int size = 48)
    {
        var random = new Random(seed);
        var records = new List<RadiographRecord>();
        for (var i = 0; i < perClass * 2; i++)
        {
            var positive = i % 2 == 0;
            var label = positive ? "dislocated" : "located";
            var pixels = Scene(random, size, size, positive);
            var path = Path.Combine(folder, label, $"{label}-{i:D3}.png");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, TestImages.GrayPng(size, size, pixels));
            records.Add(new RadiographRecord(path, Joint.Hip, label, positive));
        }

        return records;
    }

    /// <summary>
    /// The same scenes as real-world files look: JPEG, PNG with alpha, GIF, BMP and WebP, of varied sizes and aspect
    /// ratios, tinted RGB or gray, with spaces, accents and upper-case extensions in their names.
    /// </summary>
    public static List<string> WriteMixed(string folder, int perClass, int seed)
    {
        var random = new Random(seed);
        var paths = new List<string>();
        for (var i = 0; i < perClass * 2; i++)
        {
            var positive = i % 2 == 0;
            var label = positive ? "dislocated" : "located";
            var width = random.Next(80, 320);
            var height = random.Next(80, 320);
            var gray = Scene(random, width, height, positive);
            var (name, bytes) = (i / 2 % 5) switch
            {
                0 => ($"Röntgen bild {i}.JPG", TestImages.SkiaEncode(width, height, gray, SkiaSharp.SKEncodedImageFormat.Jpeg, 70 + (i % 25))),
                1 => ($"case #{i} (AP).png", TestImages.Png(width, height, 8, 6, gray.SelectMany(g => new[] { g, (byte)Math.Min(255, g + 8), g, (byte)255 }).ToArray())),
                2 => ($"teaching-file_{i}.gif", TestImages.Gif(width, height, gray)),
                3 => ($"scan {i}.bmp", TestImages.Bmp(width, height, (x, y) => (gray[(y * width) + x], gray[(y * width) + x], (byte)(gray[(y * width) + x] * 0.9)))),
                _ => ($"x-ray {i}.webp", TestImages.SkiaEncode(width, height, gray, SkiaSharp.SKEncodedImageFormat.Webp, 80)),
            };
            paths.Add(TestImages.Write(Path.Combine(folder, label, name), bytes));
        }

        return paths;
    }

    /// <summary>A bright head in the middle (located) or displaced towards the upper left (dislocated), with noise.</summary>
    internal static byte[] Scene(Random random, int width, int height, bool positive)
    {
        var size = Math.Min(width, height);
        var cx = (width / 2.0) + (positive ? -size * 0.22 : 0) + ((random.NextDouble() - 0.5) * size * 0.12);
        var cy = (height / 2.0) + (positive ? -size * 0.18 : 0) + ((random.NextDouble() - 0.5) * size * 0.12);
        var radius = size * (0.12 + (0.04 * random.NextDouble()));
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var inside = ((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) < radius * radius;
                var value = (inside ? 200 : 60) + ((random.NextDouble() - 0.5) * 60);
                pixels[(y * width) + x] = (byte)Math.Clamp(value, 0, 255);
            }
        }

        return pixels;
    }
}
