using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;
using SkiaSharp;

namespace JointDislocation.ML.Tests.Backbones;

/// <summary>Deterministic grayscale test pictures with structure (gradients, discs, bars, noise) at varied sizes.</summary>
internal static class BackboneTestImages
{
    /// <summary>Sizes not 224 and aspect ratios from tall to wide, one upscaled, one exact.</summary>
    public static readonly (int Width, int Height)[] VariedSizes = [(300, 260), (180, 400), (640, 200), (224, 224), (97, 150), (512, 384)];

    public static GrayImage Create(int width, int height, int seed)
    {
        var random = new Random(seed);
        var image = new GrayImage(width, height);
        var pixels = image.MutablePixels;
        var cx = width * (0.3 + (0.4 * random.NextDouble()));
        var cy = height * (0.3 + (0.4 * random.NextDouble()));
        var radius = Math.Min(width, height) * (0.15 + (0.2 * random.NextDouble()));
        var bar = random.Next(width);
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

                if (Math.Abs(x - bar) < 4)
                {
                    value = 250;
                }

                value += random.Next(-12, 13);
                pixels[(y * width) + x] = (byte)Math.Clamp(value, 0, 255);
            }
        }

        return image;
    }

    /// <summary>Saves gray content as an RGB PNG (R = G = B), so a colour decoder reads the same pixels.</summary>
    public static void SaveAsRgbPng(GrayImage image, string path)
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

    /// <summary>Decodes a PNG back to gray (the green channel of a colour decode).</summary>
    public static GrayImage DecodeGray(string path)
    {
        using var decoded = SKBitmap.Decode(path) ?? throw new InvalidDataException(path);
        using var bgra = decoded.Copy(SKColorType.Bgra8888);
        var span = bgra.GetPixelSpan();
        var image = new GrayImage(bgra.Width, bgra.Height);
        var pixels = image.MutablePixels;
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = span[(i * 4) + 1];
        }

        return image;
    }
}
