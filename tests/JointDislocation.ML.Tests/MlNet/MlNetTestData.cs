using JointDislocation.ML.Imaging;
using JointDislocation.ML.Tests.Backbones;
using JointDislocation.ML.Tests.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace JointDislocation.ML.Tests.MlNet;

/// <summary>Image files and ML.NET rows shared by the ML.NET integration tests.</summary>
internal static class MlNetTestData
{
    /// <summary>Gray PNGs (8-bit gray and RGB with equal planes, alternately) of varied sizes.</summary>
    public static List<string> WriteGrayImages(string folder, int count, int seed)
    {
        Directory.CreateDirectory(folder);
        var paths = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var (width, height) = BackboneTestImages.VariedSizes[i % BackboneTestImages.VariedSizes.Length];
            var image = BackboneTestImages.Create(width, height, seed + i);
            var path = Path.Combine(folder, $"gray-{i}.png");
            if (i % 2 == 0)
            {
                File.WriteAllBytes(path, TestImages.GrayPng(width, height, image.Pixels.ToArray()));
            }
            else
            {
                BackboneTestImages.SaveAsRgbPng(image, path);
            }

            paths.Add(path);
        }

        return paths;
    }

    /// <summary>A JPEG whose EXIF orientation (6: rotate 90° clockwise to view) ML.NET does not apply.</summary>
    public static string WriteRotatedJpeg(string path, GrayImage image)
    {
        var jpeg = TestImages.SkiaEncode(image.Width, image.Height, image.Pixels.ToArray(), SkiaSharp.SKEncodedImageFormat.Jpeg, 95);
        byte[] tiff = [0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01, 0x00, 0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];
        byte[] exif = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00, .. tiff];
        var length = exif.Length + 2;
        byte[] segment = [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. exif];
        File.WriteAllBytes(path, [.. jpeg[..2], .. segment, .. jpeg[2..]]);
        return path;
    }

    /// <summary>A tinted (sepia) RGB PNG: the planes differ, so grayscale weights matter.</summary>
    public static string WriteTintedPng(string path, GrayImage image)
    {
        var gray = image.Pixels.ToArray();
        var bytes = TestImages.Png(image.Width, image.Height, 8, 2, gray.SelectMany(g => new[] { g, (byte)(g * 0.85), (byte)(g * 0.6) }).ToArray());
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public static IDataView Rows(MLContext ml, IEnumerable<string> paths, IReadOnlyList<bool>? labels = null) =>
        ml.Data.LoadFromEnumerable(paths.Select((p, i) => new ImageRow { ImagePath = p, Label = labels?[i] ?? false }).ToList());

    public static float[][] Column(IDataView data, string column) =>
        [.. data.GetColumn<VBuffer<float>>(column).Select(v => v.DenseValues().ToArray())];

    public static double MaxDifference(IReadOnlyList<float[]> a, IReadOnlyList<float[]> b)
    {
        Assert.That(a, Has.Count.EqualTo(b.Count));
        var max = 0.0;
        for (var i = 0; i < a.Count; i++)
        {
            Assert.That(a[i], Has.Length.EqualTo(b[i].Length));
            for (var j = 0; j < a[i].Length; j++)
            {
                max = Math.Max(max, Math.Abs(a[i][j] - b[i][j]));
            }
        }

        return max;
    }

    internal sealed class ImageRow
    {
        public string ImagePath { get; set; } = string.Empty;

        public bool Label { get; set; }
    }
}
