using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;
using SkiaSharp;

namespace JointDislocation.ML.Benchmarks;

/// <summary>Benchmark pictures: seeded grayscale structure at varied sizes, stored as RGB PNG so ML.NET reads the same pixels.</summary>
internal static class PipelineImages
{
    public static List<string> Write(string folder, int count, int seed)
    {
        var random = new Random(seed);
        var paths = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var width = random.Next(280, 600);
            var height = random.Next(280, 600);
            var path = Path.Combine(folder, $"image{i:D4}.png");
            Save(Create(width, height, random.Next()), path);
            paths.Add(path);
        }

        return paths;
    }

    public static GrayImage Create(int width, int height, int seed)
    {
        var random = new Random(seed);
        var image = new GrayImage(width, height);
        var pixels = image.MutablePixels;
        var cx = width * (0.3 + (0.4 * random.NextDouble()));
        var cy = height * (0.3 + (0.4 * random.NextDouble()));
        var radius = Math.Min(width, height) * (0.15 + (0.2 * random.NextDouble()));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var value = 40 + (120.0 * x / width) + (40.0 * y / height);
                var d = Math.Sqrt(((x - cx) * (x - cx)) + ((y - cy) * (y - cy)));
                if (d < radius)
                {
                    value += d > radius * 0.8 ? 80 : 40;
                }

                value += random.Next(-12, 13);
                pixels[(y * width) + x] = (byte)Math.Clamp(value, 0, 255);
            }
        }

        return image;
    }

    private static void Save(GrayImage image, string path)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Bgra8888, SKAlphaType.Opaque));
        var bytes = new byte[image.Width * image.Height * 4];
        var gray = image.Pixels;
        for (var i = 0; i < gray.Length; i++)
        {
            bytes[i * 4] = bytes[(i * 4) + 1] = bytes[(i * 4) + 2] = gray[i];
            bytes[(i * 4) + 3] = 255;
        }

        System.Runtime.InteropServices.Marshal.Copy(bytes, 0, bitmap.GetPixels(), bytes.Length);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }
}
