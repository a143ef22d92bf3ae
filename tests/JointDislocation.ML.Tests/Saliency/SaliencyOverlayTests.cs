using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;
using JointDislocation.ML.Saliency;
using SkiaSharp;

namespace JointDislocation.ML.Tests.Saliency;

public class SaliencyOverlayTests
{
    private static SKBitmap Decode(byte[] png) => SKBitmap.Decode(png) ?? throw new AssertionException("not a PNG");

    private static (GrayImage Image, SaliencyMap Map) Example(int width = 120, int height = 90)
    {
        var image = SyntheticRadiograph.WithBrightBox(width, height, new PixelBox(30, 20, 40, 30));
        var map = SyntheticRadiograph.Bump(width, height, 50, 35, 12).ToMap();
        return (image, map);
    }

    [Test]
    public void The_overlay_has_the_images_own_size()
    {
        var (image, map) = Example(123, 77);

        using var bitmap = Decode(new SaliencyOverlay().RenderPng(image, map));

        Assert.That(bitmap.Width, Is.EqualTo(123));
        Assert.That(bitmap.Height, Is.EqualTo(77));
    }

    [Test]
    public void Alpha_zero_gives_back_the_gray_radiograph()
    {
        var (image, map) = Example();

        using var bitmap = Decode(new SaliencyOverlay(new SaliencyOverlayOptions { Alpha = 0 }).RenderPng(image, map));

        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var pixel = bitmap.GetPixel(x, y);
                Assert.That((pixel.Red, pixel.Green, pixel.Blue), Is.EqualTo((image[x, y], image[x, y], image[x, y])), $"({x}, {y})");
            }
        }
    }

    [Test]
    public void Alpha_one_shows_the_colormap_at_the_peak_and_the_threshold_leaves_cold_pixels_gray()
    {
        var (image, map) = Example();
        var options = new SaliencyOverlayOptions { Alpha = 1, Threshold = 0.5, Colormap = Colormaps.Inferno };

        using var bitmap = Decode(new SaliencyOverlay(options).RenderPng(image, map));

        var (px, py) = map.Peak;
        var top = Colormaps.Inferno.GetColor(1);
        Assert.That(bitmap.GetPixel(px, py), Is.EqualTo(new SKColor(top.R, top.G, top.B)));
        var cold = bitmap.GetPixel(115, 85);
        Assert.That((cold.Red, cold.Green, cold.Blue), Is.EqualTo((image[115, 85], image[115, 85], image[115, 85])));
    }

    [Test]
    public void Pixels_that_a_crop_cut_away_stay_gray()
    {
        var image = SyntheticRadiograph.WithBrightBox(448, 224, new PixelBox(200, 80, 40, 40));
        var grid = Enumerable.Range(0, 49).Select(i => (float)i).ToArray();
        var map = ClassActivationMap.Upsample(new SaliencyMap(7, 7, grid), 448, 224, InputMapping.CenterCrop(448, 224, 224, 224));

        using var bitmap = Decode(new SaliencyOverlay(new SaliencyOverlayOptions { Alpha = 0.7 }).RenderPng(image, map));

        var outside = bitmap.GetPixel(20, 100);
        Assert.That((outside.Red, outside.Green, outside.Blue), Is.EqualTo((image[20, 100], image[20, 100], image[20, 100])));
        var inside = bitmap.GetPixel(300, 100);
        Assert.That(inside.Red == inside.Green && inside.Green == inside.Blue, Is.False);
    }

    [Test]
    public void Normalisation_policies()
    {
        var map = new SaliencyMap(4, 1, [-2, 0, 1, 2]);

        Assert.That(SaliencyOverlay.Normalize(map, SaliencyNormalization.MinMax), Is.EqualTo(new[] { 0f, 0.5f, 0.75f, 1f }));
        Assert.That(SaliencyOverlay.Normalize(map, SaliencyNormalization.PositiveOverMax), Is.EqualTo(new[] { 0f, 0f, 0.5f, 1f }));
        Assert.That(SaliencyOverlay.Normalize(new SaliencyMap(2, 1, [3, 3]), SaliencyNormalization.MinMax), Is.EqualTo(new[] { 0f, 0f }));
        Assert.That(SaliencyOverlay.Normalize(new SaliencyMap(2, 1, [-1, -3]), SaliencyNormalization.PositiveOverMax), Is.EqualTo(new[] { 0f, 0f }));
    }

    [Test]
    public void A_map_of_another_size_is_refused_with_a_hint()
    {
        var image = new GrayImage(100, 100);

        Assert.That(() => new SaliencyOverlay().RenderPng(image, new SaliencyMap(7, 7, new float[49])),
            Throws.ArgumentException.With.Message.Contains("upsample the map"));
    }

    [Test]
    public void Panels_and_contact_sheets_have_the_documented_layout_and_are_deterministic()
    {
        var (image, map) = Example();
        var overlay = new SaliencyOverlay(new SaliencyOverlayOptions { TileSize = 128 });
        var panel = new SaliencyPanel(image, map, "hip/dislocated/case-001.png", "dislocated", 0.8734);

        var first = overlay.RenderPanelPng(panel);
        var second = overlay.RenderPanelPng(panel);
        using var bitmap = Decode(first);

        Assert.That(first, Is.EqualTo(second));
        Assert.That(bitmap.Width, Is.EqualTo((3 * 8) + (2 * 128)));
        Assert.That(bitmap.Height, Is.EqualTo((3 * 8) + 128 + (3 * 20)));

        // The caption is drawn: some light pixels below the tiles, left of the colour bar.
        var light = 0;
        for (var y = 128 + 16; y < 128 + 16 + 40; y++)
        {
            for (var x = 8; x < 128; x++)
            {
                light += bitmap.GetPixel(x, y).Red > 200 ? 1 : 0;
            }
        }

        Assert.That(light, Is.GreaterThan(50));

        var sheet = overlay.RenderContactSheetPng([panel, panel with { Label = "located" }, panel with { Score = null }], columns: 2);
        using var sheetBitmap = Decode(sheet);
        Assert.That(sheetBitmap.Width, Is.EqualTo(2 * bitmap.Width));
        Assert.That(sheetBitmap.Height, Is.EqualTo(2 * bitmap.Height));
    }

    [Test]
    public void Files_are_written()
    {
        using var folder = new TemporaryDirectory("saliency");
        var (image, map) = Example();
        var overlay = new SaliencyOverlay();

        overlay.WritePng(folder.Combine("overlay.png"), image, map);
        overlay.WritePanelPng(folder.Combine("panel.png"), new SaliencyPanel(image, map, "x"));
        overlay.WriteContactSheetPng(folder.Combine("sheet.png"), [new SaliencyPanel(image, map, "x")]);

        Assert.That(Directory.GetFiles(folder.Path).Select(Path.GetFileName), Is.EquivalentTo(new[] { "overlay.png", "panel.png", "sheet.png" }));
    }

    [Test]
    public void Invalid_options_are_reported_together()
    {
        var options = new SaliencyOverlayOptions { Alpha = 1.5, Threshold = -0.1, TileSize = 8 };

        Assert.That(() => new SaliencyOverlay(options), Throws.ArgumentException
            .With.Message.Contains("Alpha must be in [0, 1]")
            .And.Message.Contains("Threshold must be in [0, 1]")
            .And.Message.Contains("TileSize"));
    }

    [Test]
    public void Defaults_are_documented_values()
    {
        var options = new SaliencyOverlayOptions();

        Assert.That(options.Colormap, Is.SameAs(Colormaps.Jet));
        Assert.That(options.Alpha, Is.EqualTo(0.5));
        Assert.That(options.Threshold, Is.Zero);
        Assert.That(options.Normalization, Is.EqualTo(SaliencyNormalization.MinMax));
        Assert.That(options.TileSize, Is.EqualTo(256));
    }

    [Test]
    public void The_bitmap_font_has_every_character_a_caption_needs()
    {
        foreach (var c in "abcdefghijklmnopqrstuvwxyz0123456789 .,:;-_/%()=+'?!<>[]*#")
        {
            Assert.That(BitmapFont.HasGlyph(c), Is.True, $"'{c}'");
        }

        Assert.That(BitmapFont.Fit("a-very-long-file-name.png", BitmapFont.Measure("a-very-lon", 2), 2), Is.EqualTo("a-very-l.."));
        Assert.That(BitmapFont.Fit("short", 1000, 2), Is.EqualTo("short"));
    }
}
