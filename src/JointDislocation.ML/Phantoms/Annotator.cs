using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Phantoms;

/// <summary>Burns text, markers and arrows into a finished image and records where they went.</summary>
internal sealed class Annotator(byte[] pixels, int width, int height)
{
    public List<PixelBox> Boxes { get; } = [];

    /// <summary>Text with its top-left at (x, y); optionally on a plate (a box of another grey behind it).</summary>
    public void Text(string text, int x, int y, int scale, byte value, double opacity = 1.0, byte? plate = null)
    {
        var w = BitmapFont.Measure(text, scale);
        var h = BitmapFont.MeasureHeight(scale);
        var pad = plate is null ? 0 : scale * 2;
        var box = new PixelBox(x - pad, y - pad, w + (2 * pad), h + (2 * pad)).ClipTo(width, height);
        if (box.Area == 0)
        {
            return;
        }

        if (plate is { } p)
        {
            Fill(box, p);
        }

        BitmapFont.Draw(pixels, width, height, text, x, y, scale, value, opacity);
        Boxes.Add(box);
    }

    /// <summary>A text block aligned to a corner (0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right), one line per entry.</summary>
    public void CornerText(IReadOnlyList<string> lines, int corner, int scale, int margin, byte value, byte? plate = null)
    {
        var lineHeight = BitmapFont.MeasureHeight(scale) + (scale * 3);
        var blockHeight = (lines.Count * lineHeight) - (scale * 3);
        var top = corner < 2 ? margin : height - margin - blockHeight;
        for (var i = 0; i < lines.Count; i++)
        {
            var w = BitmapFont.Measure(lines[i], scale);
            var left = corner % 2 == 0 ? margin : width - margin - w;
            Text(lines[i], left, top + (i * lineHeight), scale, value, 1.0, plate);
        }
    }

    /// <summary>An arrow whose tip is at <paramref name="tip"/>, coming from <paramref name="tail"/>.</summary>
    public void Arrow(Vec2 tail, Vec2 tip, double thickness, byte value)
    {
        var axis = tip - tail;
        var length = axis.Length;
        if (length < 1)
        {
            return;
        }

        var direction = axis * (1 / length);
        var normal = new Vec2(-direction.Y, direction.X);
        var headLength = Math.Min(thickness * 4.5, length * 0.5);
        var headHalf = thickness * 2.2;
        var left = (int)Math.Floor(Math.Min(tail.X, tip.X) - headHalf - thickness);
        var right = (int)Math.Ceiling(Math.Max(tail.X, tip.X) + headHalf + thickness);
        var top = (int)Math.Floor(Math.Min(tail.Y, tip.Y) - headHalf - thickness);
        var bottom = (int)Math.Ceiling(Math.Max(tail.Y, tip.Y) + headHalf + thickness);
        var box = new PixelBox(left, top, right - left + 1, bottom - top + 1).ClipTo(width, height);
        var any = false;
        for (var y = box.Y; y < box.Y + box.Height; y++)
        {
            for (var x = box.X; x < box.X + box.Width; x++)
            {
                var p = new Vec2(x + 0.5, y + 0.5) - tail;
                var along = Vec2.Dot(p, direction);
                var across = Math.Abs(Vec2.Dot(p, normal));
                var inShaft = along >= 0 && along <= length - headLength + 1 && across <= thickness / 2;
                var intoHead = along - (length - headLength);
                var inHead = intoHead >= 0 && intoHead <= headLength && across <= headHalf * (1 - (intoHead / headLength));
                if (inShaft || inHead)
                {
                    pixels[(y * width) + x] = value;
                    any = true;
                }
            }
        }

        if (any)
        {
            Boxes.Add(box);
        }

    }

    /// <summary>Records a region that was added to the image (a border, a caption strip, a second panel).</summary>
    public void Mark(PixelBox box)
    {
        var clipped = box.ClipTo(width, height);
        if (clipped.Area > 0)
        {
            Boxes.Add(clipped);
        }
    }

    /// <summary>An elliptical ring (a circle drawn around a finding) of a line thickness, centred at <paramref name="centre"/>.</summary>
    public void Ellipse(Vec2 centre, double radiusX, double radiusY, double thickness, byte value)
    {
        if (radiusX < 1 || radiusY < 1)
        {
            return;
        }

        var half = thickness / 2;
        var box = new PixelBox(
            (int)Math.Floor(centre.X - radiusX - half),
            (int)Math.Floor(centre.Y - radiusY - half),
            (int)Math.Ceiling((2 * radiusX) + thickness) + 2,
            (int)Math.Ceiling((2 * radiusY) + thickness) + 2).ClipTo(width, height);
        var any = false;
        var mean = Math.Sqrt(radiusX * radiusY);
        for (var y = box.Y; y < box.Y + box.Height; y++)
        {
            var dy = (y + 0.5 - centre.Y) / radiusY;
            for (var x = box.X; x < box.X + box.Width; x++)
            {
                var dx = (x + 0.5 - centre.X) / radiusX;

                // Distance from the ellipse, in pixels, to first order: (r − 1) times the mean radius.
                var r = Math.Sqrt((dx * dx) + (dy * dy));
                if (Math.Abs(r - 1) * mean <= half)
                {
                    pixels[(y * width) + x] = value;
                    any = true;
                }
            }
        }

        if (any)
        {
            Boxes.Add(box);
        }
    }

    public void Fill(PixelBox box, byte value)
    {
        for (var y = box.Y; y < box.Y + box.Height; y++)
        {
            pixels.AsSpan((y * width) + box.X, box.Width).Fill(value);
        }
    }
}
