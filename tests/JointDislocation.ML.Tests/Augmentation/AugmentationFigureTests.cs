using System.Runtime.CompilerServices;
using JointDislocation.ML.Augmentation;
using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;
using SkiaSharp;

namespace JointDislocation.ML.Tests.Augmentation;

/// <summary>The figure in docs/augmentation.md: one synthetic joint augmented eight ways, ROI drawn in orange.</summary>
public class AugmentationFigureTests
{
    private const int Tile = 240;
    private const int Gap = 8;

    [Test]
    public void Figure_renders_as_a_three_by_three_png()
    {
        var png = RenderFigure();
        using var decoded = SKBitmap.Decode(png);
        Assert.That(decoded.Width, Is.EqualTo((3 * Tile) + (4 * Gap)));
        Assert.That(decoded.Height, Is.EqualTo((3 * Tile) + (4 * Gap)));
        Assert.That(RenderFigure(), Is.EqualTo(png), "the figure is deterministic");
    }

    [Test]
    [Explicit("Regenerates docs/images/augmentation-examples.png")]
    public void Write_documentation_figure()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "images", "augmentation-examples.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.WriteAllBytes(path, RenderFigure());
        TestContext.Out.WriteLine(path);
    }

    internal static (GrayImage Image, PixelBox Roi) Phantom()
    {
        // A shoulder-like sketch: soft-tissue glow, a humeral head (disk) on a shaft (bar), a glenoid arc, a marker.
        const int size = 256;
        var image = new GrayImage(size, size);
        var pixels = image.MutablePixels;
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                double value = 15 + (50 * Math.Exp(-(((x - 128) * (x - 128)) + ((y - 140) * (y - 140))) / (2.0 * 70 * 70)));
                var dx = x - 140.0;
                var dy = y - 95.0;
                var r = Math.Sqrt((dx * dx) + (dy * dy));
                if (r < 38)
                {
                    value = 150 + (60 * (1 - (r / 38)));
                }
                else if (x >= 122 && x < 158 && y >= 95 && y < 240)
                {
                    value = (x < 128 || x >= 152) ? 215 : 140; // cortex brighter than medulla
                }

                var g = Math.Sqrt(((x - 85.0) * (x - 85.0)) + ((y - 95.0) * (y - 95.0)));
                if (g > 40 && g < 50 && x < 105)
                {
                    value = 190;
                }

                if (x >= 20 && x < 44 && y >= 20 && y < 34)
                {
                    value = 250; // burned-in "R" marker stand-in
                }

                pixels[(y * size) + x] = ImageKernels.ToByte(value);
            }
        }

        return (image, new PixelBox(40, 45, 150, 110));
    }

    internal static byte[] RenderFigure()
    {
        var (image, roi) = Phantom();
        var source = new AugmentedSample(image, roi, [new PixelBox(20, 20, 24, 14)]);
        var online = AugmentationPresets.StudyOnline.WithSeed(2022);
        var stat = AugmentationPresets.StudyStatic.WithSeed(2022);
        var extra = new AugmentationPipelineBuilder(2022).Contrast(0.4).Gamma(0.6, 1.6).GaussianNoise(12).Build();
        var blurZoom = new AugmentationPipelineBuilder(2022).Zoom(1.2, 1.4).Translate(0.1).Blur(1.5, 2.5).Build();
        AugmentedSample[] tiles =
        [
            source,
            online.Augment(source, "phantom", 0),
            online.Augment(source, "phantom", 1),
            online.Augment(source, "phantom", 2),
            stat.Augment(source, "phantom", 0),   // FixedRotation(30)
            stat.Augment(source, "phantom", 5),   // FixedRotation(180)
            stat.Augment(source, "phantom", 11),  // random affine
            extra.Augment(source, "phantom", 0),
            blurZoom.Augment(source, "phantom", 0),
        ];

        var side = (3 * Tile) + (4 * Gap);
        using var bitmap = new SKBitmap(side, side, SKColorType.Rgba8888, SKAlphaType.Premul);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            using var roiPaint = new SKPaint { Color = new SKColor(255, 140, 0), Style = SKPaintStyle.Stroke, StrokeWidth = 2, IsAntialias = false };
            using var artefactPaint = new SKPaint { Color = new SKColor(0, 170, 255), Style = SKPaintStyle.Stroke, StrokeWidth = 1, IsAntialias = false };
            for (var t = 0; t < tiles.Length; t++)
            {
                var left = Gap + ((t % 3) * (Tile + Gap));
                var top = Gap + ((t / 3) * (Tile + Gap));
                var tile = tiles[t];

                // Show every tile at the same size: scale through a resize draw so the ROI scales with it.
                var shown = AugmentationDraw.Parse(FormattableString.Invariant($"resize({Tile},{Tile})")).Apply(tile);
                using var gray = ToBitmap(shown.Image);
                canvas.DrawBitmap(gray, left, top);
                if (shown.Roi is { Area: > 0 } box)
                {
                    canvas.DrawRect(left + box.X + 1, top + box.Y + 1, box.Width - 2, box.Height - 2, roiPaint);
                }

                foreach (var a in shown.Artifacts)
                {
                    canvas.DrawRect(left + a.X, top + a.Y, a.Width - 1, a.Height - 1, artefactPaint);
                }
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static SKBitmap ToBitmap(GrayImage image)
    {
        var bitmap = new SKBitmap(image.Width, image.Height, SKColorType.Gray8, SKAlphaType.Opaque);
        var bytes = image.Pixels.ToArray();
        System.Runtime.InteropServices.Marshal.Copy(bytes, 0, bitmap.GetPixels(), bytes.Length);
        return bitmap;
    }

    private static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));
}
