using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Phantoms;

/// <summary>
/// What a site burns into a radiograph: collimation borders (bright unexposed film, or black where the viewer
/// masked them), the patient's ID and the date, the view and technique, the institution and an exposure index in
/// the corners, and the L/R lead marker the radiographer put on the cassette.
/// </summary>
/// <remarks>
/// Every choice comes from the finish stream in a fixed order and is placed from the image size and the framing
/// box only, never from the pixels, so a located and a dislocated image with one seed carry the same burned-in
/// content in the same places.
/// </remarks>
internal static class HospitalFinish
{
    private static readonly string[] Sites = ["ST MARY HOSPITAL", "CITY GENERAL", "RADIOLOGY DEPT", "EMERGENCY XR 2", "ORTHO CLINIC", "UNIV MED CTR"];

    public static PixelBox[] Apply(byte[] pixels, int width, int height, PixelBox framing, string view, bool mirror, DeterministicRandom rng)
    {
        var annotator = new Annotator(pixels, width, height);

        // Collimation: the shutters leave unexposed (bright) or masked (black) borders.
        var masked = rng.Chance(0.25);
        var borderValue = masked ? (byte)rng.Int(0, 8) : (byte)rng.Int(205, 245);
        var borders = new int[4];
        for (var edge = 0; edge < 4; edge++)
        {
            borders[edge] = rng.Chance(0.7) ? (int)(rng.Uniform(0.01, 0.07) * (edge % 2 == 0 ? width : height)) : 0;
        }

        PixelBox[] strips =
        [
            new(0, 0, borders[0], height),
            new(width - borders[2], 0, borders[2], height),
            new(0, 0, width, borders[1]),
            new(0, height - borders[3], width, borders[3]),
        ];
        var scatter = new DeterministicRandom(rng.NextInt32());
        foreach (var strip in strips)
        {
            annotator.Fill(strip, borderValue);
            annotator.Mark(strip);
            if (!masked)
            {
                // Scatter reaches under the shutters: the border is not perfectly flat. Its own stream, drawn per
                // border pixel, so the draws after it do not depend on the border's size.
                for (var y = strip.Y; y < strip.Y + strip.Height; y++)
                {
                    for (var x = strip.X; x < strip.X + strip.Width; x++)
                    {
                        pixels[(y * width) + x] = (byte)Math.Clamp(borderValue + scatter.Int(-4, 4), 0, 255);
                    }
                }
            }
        }

        var small = Math.Min(width, height);
        var scale = Math.Max(2, small / 260);
        var margin = (small / 40) + Math.Max(borders[0], borders[1]);
        var textValue = masked ? (byte)235 : (byte)rng.Int(235, 255);
        var corners = new[] { 0, 1, 2, 3 };
        for (var i = 3; i > 0; i--)
        {
            var j = rng.Int(0, i);
            (corners[i], corners[j]) = (corners[j], corners[i]);
        }

        var patient = $"ID {rng.Int(1000000, 9999999)}";
        var date = $"{rng.Int(2009, 2024)}-{rng.Int(1, 12):00}-{rng.Int(1, 28):00} {rng.Int(7, 22):00}:{rng.Int(0, 59):00}";
        var technique = $"{rng.Int(55, 85)} KV {rng.Int(2, 25)} MAS";
        var viewText = view + (rng.Chance(0.5) ? " ERECT" : string.Empty);
        var side = mirror ? "L" : "R";
        var techniqueShown = rng.Chance(0.8);
        var site = rng.Pick(Sites);
        var exposure = $"EI {rng.Int(180, 2400)}";
        var siteShown = rng.Chance(0.6);
        var portable = rng.Chance(0.15);
        var markerOffsetX = rng.NextDouble();
        var markerOffsetY = rng.NextDouble();
        var markerPlate = rng.Chance(0.5);
        var plateValue = (byte)rng.Int(40, 90);
        var markerWithView = rng.Chance(0.3);

        annotator.CornerText([patient, date], corners[0], scale, margin, textValue);
        if (techniqueShown)
        {
            annotator.CornerText(portable ? [viewText, technique, "PORTABLE"] : [viewText, technique], corners[1], scale, margin, textValue);
        }

        if (siteShown)
        {
            annotator.CornerText([site, exposure], corners[3], scale, margin, textValue);
        }

        // The lead marker: a bold letter, usually on a plate, near a free corner, kept off the joint's framing box.
        var marker = markerWithView ? $"{side} {view}" : side;
        var markerScale = scale * 2;
        var markerWidth = BitmapFont.Measure(marker, markerScale);
        var markerHeight = BitmapFont.MeasureHeight(markerScale);
        var left = corners[2] % 2 == 0;
        var upper = corners[2] < 2;
        var markerX = left ? margin + (int)(markerOffsetX * small / 10) : width - margin - (int)(markerOffsetX * small / 10) - markerWidth;
        var markerY = upper ? margin + (int)((1 + markerOffsetY) * small / 12) : height - margin - (int)((1 + markerOffsetY) * small / 12) - markerHeight;
        var pad = markerScale * 2;
        var markerBox = new PixelBox(markerX - pad, markerY - pad, markerWidth + (2 * pad), markerHeight + (2 * pad));
        if (markerBox.Overlaps(framing))
        {
            // Slide it along the edge, away from the framing box; the framing box is the same for both labels.
            markerY = upper ? Math.Max(margin, framing.Y - markerHeight - (2 * pad)) : Math.Min(height - margin - markerHeight, framing.Y + framing.Height + (2 * pad));
        }

        annotator.Text(marker, markerX, markerY, markerScale, 252, 1.0, markerPlate ? plateValue : null);
        return annotator.Boxes.ToArray();
    }
}
