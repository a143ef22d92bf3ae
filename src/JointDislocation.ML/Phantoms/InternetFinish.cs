using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Phantoms;

/// <summary>
/// How a rendered radiograph becomes a figure on the internet: sometimes inverted, shrunk and enlarged again,
/// placed beside a second panel of the same radiograph, framed by a screenshot's border, captioned, resized to
/// anything from 200 to 2,800 pixels, marked with arrows, circles, panel letters and watermarks, and saved as JPEG
/// (once or twice).
/// </summary>
/// <remarks>
/// Every choice is drawn from the finish stream in a fixed order, all of them every time, and placed only from
/// the view's size and the framing box (the socket, the located head and where a dislocated head would go), never
/// from the pixels or the actual head: with one seed a located and a dislocated image get the same figure, and no
/// artefact follows the label. The plan is made before anything is rendered, so the framing reported by
/// <see cref="PhantomGenerator"/> is the saved image's.
/// </remarks>
internal static class InternetFinish
{
    private static readonly string[] Watermarks = ["TEACHING FILE", "RADIOLOGY CASES", "XRAY-ATLAS.ORG", "CASE OF THE WEEK", "FOR EDUCATION"];
    private static readonly string[] Toolbars = ["IMAGE 1 OF 2", "ZOOM 100%", "VIEWER", "SERIES 1 IMG 2", "FIT TO WINDOW", "W 2048 L 1024"];
    private static readonly string[] Figures = ["FIG. 1.", "FIG. 2.", "FIG. 3.", "FIGURE 4.", "CASE 12."];

    /// <summary>Draws the figure for a rendered radiograph of <paramref name="width"/> × <paramref name="height"/>.</summary>
    /// <param name="width">The rendered radiograph's width.</param>
    /// <param name="height">Its height.</param>
    /// <param name="sizeFixed">The caller fixed the size: nothing is added around the radiograph and it is not resized.</param>
    /// <param name="framing">The framing box in the rendered radiograph.</param>
    /// <param name="subject">What the caption names, e.g. <c>AP RADIOGRAPH OF THE RIGHT HIP</c> (label-free).</param>
    /// <param name="rng">The finish stream.</param>
    public static FigurePlan Plan(int width, int height, bool sizeFixed, PixelBox framing, string subject, DeterministicRandom rng)
    {
        var small = Math.Min(width, height);

        // Pixel-level finish of the radiograph.
        var invert = rng.Chance(0.06);
        var downUp = rng.Chance(0.3) ? rng.Uniform(0.35, 0.75) : 0.0;
        var downQuality = rng.Int(0, 3);
        var upQuality = rng.Int(1, 3);

        // A second panel: another crop of the same radiograph (so the same label), away from the joint, in another window.
        var panels = rng.Chance(0.15);
        var panelShare = rng.Uniform(0.3, 0.45);
        var zoom = rng.Uniform(0.55, 1.0);
        var gammaB = rng.Uniform(0.7, 1.4);
        var gap = (int)Math.Round(rng.Uniform(0.01, 0.03) * small);
        var background = rng.Chance(0.6) ? (byte)255 : (byte)0;
        var tries = new (double U, double V)[8];
        for (var i = 0; i < tries.Length; i++)
        {
            tries[i] = (rng.NextDouble(), rng.NextDouble());
        }

        // A screenshot's border (with a viewer's toolbar) and a caption under the figure.
        var screenshot = rng.Chance(0.15);
        var border = new int[4];
        for (var edge = 0; edge < 4; edge++)
        {
            border[edge] = rng.Chance(0.75) ? (int)Math.Round(rng.Uniform(0.01, 0.06) * small) : 0;
        }

        var borderValue = rng.Pick<byte>([255, 240, 30, 45, 128]);
        var toolbar = rng.Chance(0.5) ? (int)Math.Round(rng.Uniform(0.05, 0.08) * small) : 0;
        var toolbarValue = (byte)rng.Int(40, 80);
        var toolbarText = rng.Pick(Toolbars);
        var caption = rng.Chance(0.2);
        var captionLines = rng.Chance(0.5) ? 2 : 1;
        var captionValue = rng.Chance(0.7) ? (byte)255 : (byte)0;
        var captionText = $"{rng.Pick(Figures)} {subject}";

        // The saved size: shrunk (down to 200 px a side), kept, or enlarged (up to 2,800 px).
        var sizeMode = rng.NextDouble();
        var sizeDraw = rng.NextDouble();
        var resizeQuality = rng.Int(1, 3);

        // Annotations at the saved size.
        var arrow = new ArrowPlan(rng.Chance(0.35), rng.Uniform(0, 360), rng.Uniform(0.12, 0.22), rng.Chance(0.6));
        var circle = new CirclePlan(rng.Chance(0.15), rng.Uniform(1.05, 1.35), rng.Chance(0.6));
        var letter = new LetterPlan(rng.Chance(0.25), rng.Chance(0.6) ? "A" : "B", rng.Int(0, 3), rng.Chance(0.5));
        var watermark = new WatermarkPlan(rng.Chance(0.2), rng.Pick(Watermarks), rng.Uniform(0.55, 0.9), rng.Uniform(0.2, 0.4));
        var quality = rng.Int(50, 90);
        var second = rng.Chance(0.2) ? rng.Int(50, 90) : 0;

        if (sizeFixed)
        {
            (panels, screenshot, caption) = (false, false, false);
        }

        // Panel B: a crop that keeps clear of the framing box, on the side away from it.
        var horizontal = width <= height * 1.1;
        var bWidth = horizontal ? (int)Math.Round(panelShare * width) : width;
        var bHeight = horizontal ? height : (int)Math.Round(panelShare * height);
        var cropWidth = Math.Max(8, (int)Math.Round(bWidth * zoom));
        var cropHeight = Math.Max(8, (int)Math.Round(bHeight * zoom));
        var clearance = (int)Math.Round(0.05 * small);
        var keepOut = new PixelBox(framing.X - clearance, framing.Y - clearance, framing.Width + (2 * clearance), framing.Height + (2 * clearance));
        PixelBox? crop = null;
        foreach (var (u, v) in tries)
        {
            var candidate = new PixelBox((int)(u * (width - cropWidth)), (int)(v * (height - cropHeight)), cropWidth, cropHeight);
            if (!candidate.Overlaps(keepOut))
            {
                crop = candidate;
                break;
            }
        }

        panels &= crop is not null;
        var bFirst = horizontal ? framing.X + (framing.Width / 2.0) > width / 2.0 : framing.Y + (framing.Height / 2.0) > height / 2.0;
        if (!panels)
        {
            (bWidth, bHeight, gap) = (0, 0, 0);
        }

        var (left, top, right, bottom) = screenshot ? (border[0], border[1] + toolbar, border[2], border[3]) : (0, 0, 0, 0);
        var figureWidth = width + (panels && horizontal ? gap + bWidth : 0);
        var figureHeight = height + (panels && !horizontal ? gap + bHeight : 0);
        var captionHeight = caption ? (int)Math.Round(((captionLines * 1.5) + 0.8) * CaptionScale(figureWidth, captionText, captionLines) * BitmapFont.GlyphHeight) : 0;
        var canvasWidth = left + figureWidth + right;
        var canvasHeight = top + figureHeight + captionHeight + bottom;
        var aX = left + (panels && horizontal && bFirst ? bWidth + gap : 0);
        var aY = top + (panels && !horizontal && bFirst ? bHeight + gap : 0);
        var bX = left + (horizontal ? (bFirst ? 0 : width + gap) : 0);
        var bY = top + (horizontal ? 0 : (bFirst ? 0 : height + gap));

        var scale = 1.0;
        if (!sizeFixed)
        {
            var shortSide = Math.Min(canvasWidth, canvasHeight);
            var longSide = Math.Max(canvasWidth, canvasHeight);
            var lowest = Math.Max(200.0 / shortSide, 0.4);
            var highest = Math.Min(2800.0 / longSide, 4.5);
            if (sizeMode < 0.2 && lowest < 0.95)
            {
                scale = Math.Exp(Math.Log(lowest) + (sizeDraw * (Math.Log(0.95) - Math.Log(lowest))));
            }
            else if (sizeMode >= 0.7 && highest > 1.2)
            {
                scale = Math.Exp(Math.Log(1.2) + (sizeDraw * (Math.Log(highest) - Math.Log(1.2))));
            }
        }

        var finalWidth = Math.Max(1, (int)Math.Round(canvasWidth * scale));
        var finalHeight = Math.Max(1, (int)Math.Round(canvasHeight * scale));
        return new FigurePlan(
            width,
            height,
            invert,
            downUp,
            downQuality,
            upQuality,
            panels ? new PanelPlan(horizontal, crop!.Value, new PixelBox(bX, bY, bWidth, bHeight), gap, gammaB) : null,
            background,
            new PixelBox(aX, aY, width, height),
            screenshot ? new ScreenshotPlan(border[0], border[1], border[2], border[3], toolbar, borderValue, toolbarValue, toolbarText) : null,
            caption ? new CaptionPlan(captionHeight, captionLines, captionValue, captionText, CaptionScale(figureWidth, captionText, captionLines)) : null,
            canvasWidth,
            canvasHeight,
            finalWidth,
            finalHeight,
            resizeQuality,
            arrow,
            circle,
            letter,
            watermark,
            quality,
            second);
    }

    /// <summary>Makes the figure: the finished image and the boxes of everything added to the radiograph.</summary>
    public static (GrayImage Image, PixelBox[] Artifacts) Apply(FigurePlan plan, byte[] pixels, PixelBox framing)
    {
        var (width, height) = (plan.RenderWidth, plan.RenderHeight);
        if (plan.Invert)
        {
            for (var i = 0; i < pixels.Length; i++)
            {
                pixels[i] = (byte)(255 - pixels[i]);
            }
        }

        var radiograph = new GrayImage(width, height, pixels);
        if (plan.DownUp > 0)
        {
            var dw = Math.Max(16, (int)Math.Round(width * plan.DownUp));
            var dh = Math.Max(16, (int)Math.Round(height * plan.DownUp));
            radiograph = PhantomCodec.Resize(PhantomCodec.Resize(radiograph, dw, dh, plan.DownQuality), width, height, plan.UpQuality);
        }

        var regions = new List<PixelBox>();
        var image = radiograph;
        if (plan.CanvasWidth != width || plan.CanvasHeight != height)
        {
            image = Compose(plan, radiograph, regions);
        }

        if (plan.Width != plan.CanvasWidth || plan.Height != plan.CanvasHeight)
        {
            image = PhantomCodec.Resize(image, plan.Width, plan.Height, plan.ResizeQuality);
        }

        var result = image.MutablePixels.ToArray();
        var annotator = new Annotator(result, plan.Width, plan.Height);
        foreach (var region in regions)
        {
            annotator.Mark(plan.MapCanvas(region));
        }

        Annotate(plan, annotator, plan.Map(framing));
        var finished = new GrayImage(plan.Width, plan.Height, result);
        finished = PhantomCodec.JpegRoundTrip(finished, plan.Quality);
        if (plan.SecondQuality > 0)
        {
            finished = PhantomCodec.JpegRoundTrip(finished, plan.SecondQuality);
        }

        return (finished, annotator.Boxes.ToArray());
    }

    private static GrayImage Compose(FigurePlan plan, GrayImage radiograph, List<PixelBox> regions)
    {
        var (cw, ch) = (plan.CanvasWidth, plan.CanvasHeight);
        var canvas = new GrayImage(cw, ch);
        var target = canvas.MutablePixels;
        target.Fill(plan.Screenshot?.BorderValue ?? plan.Background);
        if (plan.Screenshot is { } shot)
        {
            var inner = new PixelBox(shot.Left, shot.Top + shot.Toolbar, cw - shot.Left - shot.Right, ch - shot.Top - shot.Toolbar - shot.Bottom);
            Fill(target, cw, inner, plan.Background);
            Fill(target, cw, new PixelBox(shot.Left, shot.Top, inner.Width, shot.Toolbar), shot.ToolbarValue);
            regions.Add(new PixelBox(0, 0, cw, shot.Top + shot.Toolbar));
            regions.Add(new PixelBox(0, ch - shot.Bottom, cw, shot.Bottom));
            regions.Add(new PixelBox(0, 0, shot.Left, ch));
            regions.Add(new PixelBox(cw - shot.Right, 0, shot.Right, ch));
        }

        Blit(target, cw, radiograph, plan.PanelA.X, plan.PanelA.Y);
        if (plan.Panel is { } panel)
        {
            var crop = Crop(radiograph, panel.Crop);
            var b = PhantomCodec.Resize(crop, panel.Box.Width, panel.Box.Height, plan.UpQuality);
            var lut = new byte[256];
            for (var i = 0; i < 256; i++)
            {
                lut[i] = (byte)Math.Round(255 * Math.Pow(i / 255.0, panel.Gamma));
            }

            var bp = b.MutablePixels;
            for (var i = 0; i < bp.Length; i++)
            {
                bp[i] = lut[bp[i]];
            }

            Blit(target, cw, b, panel.Box.X, panel.Box.Y);
            regions.Add(panel.Box);
            regions.Add(panel.Horizontal
                ? new PixelBox(Math.Min(panel.Box.X + panel.Box.Width, plan.PanelA.X + plan.PanelA.Width), plan.PanelA.Y, panel.Gap, plan.PanelA.Height)
                : new PixelBox(plan.PanelA.X, Math.Min(panel.Box.Y + panel.Box.Height, plan.PanelA.Y + plan.PanelA.Height), plan.PanelA.Width, panel.Gap));
        }

        if (plan.Caption is { } caption)
        {
            var top = ch - (plan.Screenshot?.Bottom ?? 0) - caption.Height;
            var left = plan.Screenshot?.Left ?? 0;
            var box = new PixelBox(left, top, cw - left - (plan.Screenshot?.Right ?? 0), caption.Height);
            Fill(target, cw, box, caption.Background);
            regions.Add(box);
        }

        return canvas;
    }

    private static void Annotate(FigurePlan plan, Annotator annotator, PixelBox target)
    {
        var (width, height) = (plan.Width, plan.Height);
        var panelA = plan.MapCanvas(plan.PanelA);
        var small = Math.Min(panelA.Width, panelA.Height);
        if (plan.Screenshot is { Toolbar: > 0 } shot)
        {
            var bar = plan.MapCanvas(new PixelBox(shot.Left, shot.Top, plan.CanvasWidth - shot.Left - shot.Right, shot.Toolbar));
            var scale = Math.Max(1, (int)(bar.Height * 0.5 / BitmapFont.GlyphHeight));
            annotator.Text(shot.ToolbarText, bar.X + (scale * 3), bar.Y + ((bar.Height - BitmapFont.MeasureHeight(scale)) / 2), scale, 220);
        }

        if (plan.Caption is { } caption)
        {
            var box = plan.MapCanvas(new PixelBox(plan.Screenshot?.Left ?? 0, plan.CanvasHeight - (plan.Screenshot?.Bottom ?? 0) - caption.Height, plan.CanvasWidth - (plan.Screenshot?.Left ?? 0) - (plan.Screenshot?.Right ?? 0), caption.Height));
            var scale = Math.Max(1, (int)Math.Floor(caption.Scale * plan.ScaleX));
            var lines = Wrap(caption.Text, caption.Lines, box.Width - (scale * 8), scale);
            var lineHeight = (int)(BitmapFont.MeasureHeight(scale) * 1.5);
            for (var i = 0; i < lines.Count; i++)
            {
                annotator.Text(lines[i], box.X + (scale * 4), box.Y + (int)(scale * 3.5) + (i * lineHeight), scale, caption.Background == 255 ? (byte)0 : (byte)255);
            }
        }

        if (plan.Arrow.Drawn)
        {
            // Points at the framing box (socket, located head and where a dislocated head would go): the same place
            // for both labels, so the arrow neither follows a displaced head nor gives the label away.
            var centre = new Vec2(target.X + (target.Width / 2.0), target.Y + (target.Height / 2.0));
            var direction = Vec2.FromAngle(plan.Arrow.AngleDegrees);
            var reach = (Math.Abs(direction.X) * target.Width / 2.0) + (Math.Abs(direction.Y) * target.Height / 2.0);
            var tip = centre + (direction * (reach * 0.9));
            var tail = tip + (direction * (plan.Arrow.Length * small));
            tail = new Vec2(Math.Clamp(tail.X, 2, width - 3), Math.Clamp(tail.Y, 2, height - 3));
            annotator.Arrow(tail, tip, Math.Max(2.0, small / 110.0), plan.Arrow.Bright ? (byte)245 : (byte)12);
        }

        if (plan.Circle.Drawn)
        {
            // Rings the framing box, whatever the label.
            var centre = new Vec2(target.X + (target.Width / 2.0), target.Y + (target.Height / 2.0));
            annotator.Ellipse(centre, target.Width / 2.0 * plan.Circle.Spread, target.Height / 2.0 * plan.Circle.Spread, Math.Max(1.5, small / 150.0), plan.Circle.Bright ? (byte)245 : (byte)12);
        }

        var letterScale = Math.Max(3, small / 55);
        if (plan.Panel is { } panel)
        {
            PanelLetter(annotator, "A", panelA, plan.Letter.Corner, letterScale, plan.Letter.Plate);
            var b = plan.MapCanvas(panel.Box);
            PanelLetter(annotator, "B", b, plan.Letter.Corner, Math.Max(2, Math.Min(letterScale, Math.Min(b.Width, b.Height) / 20)), plan.Letter.Plate);
        }
        else if (plan.Letter.Drawn)
        {
            PanelLetter(annotator, plan.Letter.Text, panelA, plan.Letter.Corner, letterScale, plan.Letter.Plate);
        }

        if (plan.Watermark.Drawn)
        {
            var scale = Math.Max(2, small / 90);
            var textWidth = BitmapFont.Measure(plan.Watermark.Text, scale);
            while (textWidth > panelA.Width * 0.9 && scale > 1)
            {
                scale--;
                textWidth = BitmapFont.Measure(plan.Watermark.Text, scale);
            }

            annotator.Text(plan.Watermark.Text, panelA.X + ((panelA.Width - textWidth) / 2), panelA.Y + (int)(plan.Watermark.Row * panelA.Height), scale, 255, plan.Watermark.Opacity);
        }
    }

    private static void PanelLetter(Annotator annotator, string text, PixelBox panel, int corner, int scale, bool plate)
    {
        var margin = scale * 3;
        var w = BitmapFont.Measure(text, scale);
        var h = BitmapFont.MeasureHeight(scale);
        var x = corner % 2 == 0 ? panel.X + margin : panel.X + panel.Width - margin - w;
        var y = corner < 2 ? panel.Y + margin : panel.Y + panel.Height - margin - h;
        annotator.Text(text, x, y, scale, plate ? (byte)255 : (byte)240, 1.0, plate ? (byte)0 : null);
    }

    /// <summary>The caption's font scale: about 1/60 of the figure's width, small enough for the text to fit its lines.</summary>
    private static double CaptionScale(int figureWidth, string text, int lines)
    {
        var scale = Math.Max(1.0, figureWidth / 220.0);
        var fit = (figureWidth * 0.9 * lines) / Math.Max(1, BitmapFont.Measure(text, 1) + (6 * lines));
        return Math.Max(1.0, Math.Min(scale, fit));
    }

    private static List<string> Wrap(string text, int lines, int width, int scale)
    {
        var result = new List<string>();
        var words = text.Split(' ');
        var line = string.Empty;
        foreach (var word in words)
        {
            var candidate = line.Length == 0 ? word : $"{line} {word}";
            if (BitmapFont.Measure(candidate, scale) > width && line.Length > 0 && result.Count < lines - 1)
            {
                result.Add(line);
                line = word;
            }
            else
            {
                line = candidate;
            }
        }

        result.Add(BitmapFont.Fit(line, width, scale));
        return result;
    }

    private static GrayImage Crop(GrayImage source, PixelBox box)
    {
        var crop = new GrayImage(box.Width, box.Height);
        for (var y = 0; y < box.Height; y++)
        {
            source.Pixels.Slice(((box.Y + y) * source.Width) + box.X, box.Width).CopyTo(crop.MutablePixels.Slice(y * box.Width, box.Width));
        }

        return crop;
    }

    private static void Blit(Span<byte> target, int targetWidth, GrayImage image, int left, int top)
    {
        for (var y = 0; y < image.Height; y++)
        {
            image.Pixels.Slice(y * image.Width, image.Width).CopyTo(target.Slice(((top + y) * targetWidth) + left, image.Width));
        }
    }

    private static void Fill(Span<byte> target, int targetWidth, PixelBox box, byte value)
    {
        for (var y = box.Y; y < box.Y + box.Height; y++)
        {
            target.Slice((y * targetWidth) + box.X, box.Width).Fill(value);
        }
    }
}

/// <summary>An internet figure, drawn before rendering: what happens to the radiograph and where it ends up.</summary>
internal sealed record FigurePlan(
    int RenderWidth,
    int RenderHeight,
    bool Invert,
    double DownUp,
    int DownQuality,
    int UpQuality,
    PanelPlan? Panel,
    byte Background,
    PixelBox PanelA,
    ScreenshotPlan? Screenshot,
    CaptionPlan? Caption,
    int CanvasWidth,
    int CanvasHeight,
    int Width,
    int Height,
    int ResizeQuality,
    ArrowPlan Arrow,
    CirclePlan Circle,
    LetterPlan Letter,
    WatermarkPlan Watermark,
    int Quality,
    int SecondQuality)
{
    /// <summary>Saved-image pixels per rendered pixel, across.</summary>
    public double ScaleX => Width / (double)CanvasWidth;

    /// <summary>Saved-image pixels per rendered pixel, down.</summary>
    public double ScaleY => Height / (double)CanvasHeight;

    /// <summary>A point of the rendered radiograph in the saved image.</summary>
    public Vec2 Map(Vec2 p) => new((p.X + PanelA.X) * ScaleX, (p.Y + PanelA.Y) * ScaleY);

    /// <summary>A box of the rendered radiograph in the saved image (outward rounding, clipped).</summary>
    public PixelBox Map(PixelBox box) => MapCanvas(new PixelBox(box.X + PanelA.X, box.Y + PanelA.Y, box.Width, box.Height));

    /// <summary>A box of the composed canvas in the saved image (outward rounding, clipped).</summary>
    public PixelBox MapCanvas(PixelBox box)
    {
        var left = (int)Math.Floor(box.X * ScaleX);
        var top = (int)Math.Floor(box.Y * ScaleY);
        var right = (int)Math.Ceiling((box.X + box.Width) * ScaleX);
        var bottom = (int)Math.Ceiling((box.Y + box.Height) * ScaleY);
        return new PixelBox(left, top, right - left, bottom - top).ClipTo(Width, Height);
    }
}

internal sealed record PanelPlan(bool Horizontal, PixelBox Crop, PixelBox Box, int Gap, double Gamma);

internal sealed record ScreenshotPlan(int Left, int Top, int Right, int Bottom, int Toolbar, byte BorderValue, byte ToolbarValue, string ToolbarText);

internal sealed record CaptionPlan(int Height, int Lines, byte Background, string Text, double Scale);

internal sealed record ArrowPlan(bool Drawn, double AngleDegrees, double Length, bool Bright);

internal sealed record CirclePlan(bool Drawn, double Spread, bool Bright);

internal sealed record LetterPlan(bool Drawn, string Text, int Corner, bool Plate);

internal sealed record WatermarkPlan(bool Drawn, string Text, double Row, double Opacity);
