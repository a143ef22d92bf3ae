using System.Globalization;
using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Saliency;

/// <summary>
/// Draws saliency over radiographs: an overlay at the image's own size, a panel (image | overlay | caption) and a
/// contact sheet of many panels, each as PNG bytes or written atomically to a file. The pixels are composed in
/// managed code and captions use a built-in bitmap font, so the same inputs give the same bytes on any machine.
/// </summary>
public sealed class SaliencyOverlay
{
    private const int Padding = 8;
    private const int FontScale = 2;
    private const int LineHeight = (BitmapFont.GlyphHeight * FontScale) + 6;
    private const int CaptionLines = 3;
    private static readonly RgbColor Background = new(24, 24, 24);
    private static readonly RgbColor TileBackground = new(0, 0, 0);
    private static readonly RgbColor TextColor = new(235, 235, 235);
    private static readonly RgbColor RoiColor = new(0, 230, 64);
    private static readonly RgbColor ArtifactColor = new(255, 0, 255);

    private readonly SaliencyOverlayOptions _options;

    /// <summary>Creates a renderer with validated options.</summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SaliencyOverlay(SaliencyOverlayOptions? options = null)
    {
        _options = options ?? new SaliencyOverlayOptions();
        _options.Validate();
    }

    /// <summary>The options in use.</summary>
    public SaliencyOverlayOptions Options => _options;

    /// <summary>
    /// Normalises a map to <c>[0, 1]</c> over its covered pixels; pixels outside <see cref="SaliencyMap.Coverage"/>
    /// are NaN (drawn transparent).
    /// </summary>
    /// <param name="map">The map.</param>
    /// <param name="normalization">The policy.</param>
    /// <returns>One value per pixel, row-major.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="map"/> is <see langword="null"/>.</exception>
    public static float[] Normalize(SaliencyMap map, SaliencyNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(map);
        var min = map.Min;
        var max = map.Max;
        var values = map.Values;
        var result = new float[values.Length];
        Array.Fill(result, float.NaN);
        var box = map.Coverage;
        for (var y = box.Y; y < box.Y + box.Height; y++)
        {
            for (var x = box.X; x < box.X + box.Width; x++)
            {
                var i = (y * map.Width) + x;
                var v = values[i];
                result[i] = normalization switch
                {
                    SaliencyNormalization.PositiveOverMax => max > 0 ? Math.Max(v, 0) / max : 0,
                    _ => max > min ? (v - min) / (max - min) : 0,
                };
            }
        }

        return result;
    }

    /// <summary>Blends the heat over the grayscale radiograph at the image's own size.</summary>
    /// <param name="image">The radiograph.</param>
    /// <param name="map">Its map, the same size (see <see cref="ClassActivationMap.Upsample"/>).</param>
    /// <returns>PNG bytes, RGB, <c>image.Width × image.Height</c>.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The sizes differ.</exception>
    public byte[] RenderPng(GrayImage image, SaliencyMap map) => Blend(image, map).EncodePng();

    /// <summary>Writes the overlay of <see cref="RenderPng"/> to a file, atomically.</summary>
    /// <param name="path">The PNG file to create or replace.</param>
    /// <param name="image">The radiograph.</param>
    /// <param name="map">Its map, the same size.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The sizes differ, or the path is empty.</exception>
    public void WritePng(string path, GrayImage image, SaliencyMap map) => AtomicFile.WriteAllBytes(path, RenderPng(image, map));

    /// <summary>Draws a panel: the radiograph and the overlay side by side, scaled to fit square tiles, with a
    /// caption (title; label and score; colormap with its colour bar). The ROI (green) and artefact boxes (magenta)
    /// are outlined on the overlay when given.</summary>
    /// <param name="panel">The content.</param>
    /// <returns>PNG bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="panel"/> or a member is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The image and map sizes differ.</exception>
    public byte[] RenderPanelPng(SaliencyPanel panel) => Panel(panel).EncodePng();

    /// <summary>Writes the panel of <see cref="RenderPanelPng"/> to a file, atomically.</summary>
    /// <param name="path">The PNG file to create or replace.</param>
    /// <param name="panel">The content.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The image and map sizes differ, or the path is empty.</exception>
    public void WritePanelPng(string path, SaliencyPanel panel) => AtomicFile.WriteAllBytes(path, RenderPanelPng(panel));

    /// <summary>Draws a contact sheet: panels in a grid, row by row in the given order.</summary>
    /// <param name="panels">The panels; at least one.</param>
    /// <param name="columns">Panels per row; fewer are used when there are fewer panels.</param>
    /// <returns>PNG bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="panels"/> or an entry is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">There are no panels, or an image and its map differ in size.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="columns"/> is below 1.</exception>
    public byte[] RenderContactSheetPng(IReadOnlyList<SaliencyPanel> panels, int columns = 4)
    {
        ArgumentNullException.ThrowIfNull(panels);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if (panels.Count == 0)
        {
            throw new ArgumentException("A contact sheet needs at least one panel.", nameof(panels));
        }

        columns = Math.Min(columns, panels.Count);
        var rows = (panels.Count + columns - 1) / columns;
        var (panelWidth, panelHeight) = PanelSize();
        var sheet = new RgbCanvas(columns * panelWidth, rows * panelHeight, Background);
        for (var i = 0; i < panels.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(panels[i], nameof(panels));
            sheet.Draw(Panel(panels[i]), (i % columns) * panelWidth, (i / columns) * panelHeight);
        }

        return sheet.EncodePng();
    }

    /// <summary>Writes the contact sheet of <see cref="RenderContactSheetPng"/> to a file, atomically.</summary>
    /// <param name="path">The PNG file to create or replace.</param>
    /// <param name="panels">The panels; at least one.</param>
    /// <param name="columns">Panels per row.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">There are no panels, a size differs, or the path is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="columns"/> is below 1.</exception>
    public void WriteContactSheetPng(string path, IReadOnlyList<SaliencyPanel> panels, int columns = 4) =>
        AtomicFile.WriteAllBytes(path, RenderContactSheetPng(panels, columns));

    internal RgbCanvas Blend(GrayImage image, SaliencyMap map)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(map);
        if (image.Width != map.Width || image.Height != map.Height)
        {
            throw new ArgumentException(
                $"The map is {map.Width}×{map.Height} but the image is {image.Width}×{image.Height}; upsample the map to the image first.",
                nameof(map));
        }

        var canvas = RgbCanvas.FromGray(image);
        if (_options.Alpha == 0)
        {
            return canvas;
        }

        var heat = Normalize(map, _options.Normalization);
        var alpha = _options.Alpha;
        var pixels = canvas.Pixels;

        // 256 colours are enough for 8-bit output and spare a colormap call per pixel.
        var palette = new RgbColor[256];
        for (var i = 0; i < palette.Length; i++)
        {
            palette[i] = _options.Colormap.GetColor(i / 255.0);
        }

        for (var i = 0; i < heat.Length; i++)
        {
            var t = heat[i];
            if (float.IsNaN(t) || t < _options.Threshold)
            {
                continue;
            }

            var color = palette[(int)Math.Round(t * 255)];
            var j = i * 3;
            pixels[j] = Mix(pixels[j], color.R, alpha);
            pixels[j + 1] = Mix(pixels[j + 1], color.G, alpha);
            pixels[j + 2] = Mix(pixels[j + 2], color.B, alpha);
        }

        return canvas;
    }

    private static byte Mix(byte under, byte over, double alpha) => (byte)Math.Round((under * (1 - alpha)) + (over * alpha), MidpointRounding.AwayFromZero);

    private static void Outline(RgbCanvas canvas, PixelBox box, int line, RgbColor color)
    {
        canvas.FillRect(box.X, box.Y, box.Width, line, color);
        canvas.FillRect(box.X, box.Y + box.Height - line, box.Width, line, color);
        canvas.FillRect(box.X, box.Y, line, box.Height, color);
        canvas.FillRect(box.X + box.Width - line, box.Y, line, box.Height, color);
    }

    private (int Width, int Height) PanelSize()
    {
        var tile = _options.TileSize;
        return ((3 * Padding) + (2 * tile), (3 * Padding) + tile + (CaptionLines * LineHeight));
    }

    private RgbCanvas Panel(SaliencyPanel panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(panel.Image);
        ArgumentNullException.ThrowIfNull(panel.Map);
        var tile = _options.TileSize;
        var (width, height) = PanelSize();
        var canvas = new RgbCanvas(width, height, Background);
        DrawTile(canvas, RgbCanvas.FromGray(panel.Image), Padding, Padding);
        var blended = Blend(panel.Image, panel.Map);

        // Outlines a few pixels wide at the image's size stay about one pixel wide in the tile.
        var line = Math.Max(1, (int)Math.Round(Math.Max(panel.Image.Width, panel.Image.Height) / (double)tile));
        foreach (var artifact in panel.Artifacts ?? [])
        {
            Outline(blended, artifact, line, ArtifactColor);
        }

        if (panel.Roi is { } roi)
        {
            Outline(blended, roi, line, RoiColor);
        }

        DrawTile(canvas, blended, (2 * Padding) + tile, Padding);

        var textWidth = width - (2 * Padding);
        var y = (2 * Padding) + tile;
        BitmapFont.Draw(canvas, BitmapFont.Fit(panel.Title ?? string.Empty, textWidth, FontScale), Padding, y, FontScale, TextColor);

        var details = new List<string>();
        if (panel.Label is not null)
        {
            details.Add($"label {panel.Label}");
        }

        if (panel.Score is { } score)
        {
            details.Add(string.Create(CultureInfo.InvariantCulture, $"score {score:0.000}"));
        }

        BitmapFont.Draw(canvas, BitmapFont.Fit(string.Join("  ", details), textWidth, FontScale), Padding, y + LineHeight, FontScale, TextColor);

        // Colour bar under the overlay, named on the left: low heat at the left end, high at the right.
        var barY = y + (2 * LineHeight);
        var name = $"{_options.Colormap.Name} {(_options.Normalization == SaliencyNormalization.MinMax ? "min-max" : "pos/max")}";
        BitmapFont.Draw(canvas, BitmapFont.Fit(name, tile, FontScale), Padding, barY, FontScale, TextColor);
        var barX = (2 * Padding) + tile;
        for (var i = 0; i < tile; i++)
        {
            canvas.FillRect(barX + i, barY, 1, BitmapFont.GlyphHeight * FontScale, _options.Colormap.GetColor(i / (double)(tile - 1)));
        }

        return canvas;
    }

    private void DrawTile(RgbCanvas canvas, RgbCanvas picture, int x, int y)
    {
        var tile = _options.TileSize;
        canvas.FillRect(x, y, tile, tile, TileBackground);
        var scale = Math.Min((double)tile / picture.Width, (double)tile / picture.Height);
        var w = Math.Max(1, (int)Math.Round(picture.Width * scale));
        var h = Math.Max(1, (int)Math.Round(picture.Height * scale));
        canvas.DrawScaled(picture, x + ((tile - w) / 2), y + ((tile - h) / 2), w, h);
    }
}
