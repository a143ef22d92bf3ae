using System.Globalization;
using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;
using JointDislocation.ML.Phantoms;

namespace JointDislocation.ML.Tests.Phantoms;

/// <summary>
/// Lays phantoms out on a grid with captions, for docs/phantoms.md and for a person to look at. Private to the
/// phantom docs: tiles are letterboxed by area averaging, captions use the phantoms' built-in font.
/// </summary>
internal static class PhantomContactSheet
{
    public const int Tile = 240;
    private const int Caption = 22;
    private const int Gap = 6;

    /// <summary>Four rows (internet located, internet dislocated, hospital located, hospital dislocated) of four.</summary>
    public static GrayImage ForJoint(Joint joint, double difficulty, int seed)
    {
        var rows = new List<IReadOnlyList<PhantomResult>>();
        foreach (var style in new[] { PhantomStyle.Internet, PhantomStyle.Hospital })
        {
            foreach (var dislocated in new[] { false, true })
            {
                var row = new List<PhantomResult>();
                for (var i = 0; i < 4; i++)
                {
                    var options = new PhantomOptions { Joint = joint, Dislocated = dislocated, Style = style, Difficulty = difficulty };
                    row.Add(PhantomGenerator.Generate(options, SeedFor(seed, joint, style, dislocated, i)));
                }

                rows.Add(row);
            }
        }

        return Compose(rows);
    }

    public static int SeedFor(int seed, Joint joint, PhantomStyle style, bool dislocated, int index) =>
        (seed * 7919) + ((int)joint * 1000) + ((int)style * 100) + (dislocated ? 10 : 0) + index;

    public static GrayImage Compose(IReadOnlyList<IReadOnlyList<PhantomResult>> rows)
    {
        var columns = rows.Max(r => r.Count);
        var width = (columns * (Tile + Gap)) + Gap;
        var height = (rows.Count * (Tile + Caption + Gap)) + Gap;
        var sheet = new GrayImage(width, height);
        sheet.MutablePixels.Fill(255);
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < rows[r].Count; c++)
            {
                var result = rows[r][c];
                var x = Gap + (c * (Tile + Gap));
                var y = Gap + (r * (Tile + Caption + Gap));
                Blit(sheet, result.Image, x, y);
                var caption = string.Create(CultureInfo.InvariantCulture, $"{(result.Style == PhantomStyle.Internet ? "INT" : "HOSP")} {(result.Dislocated ? "DISLOC" : "LOCATED")} {result.DisplacementMm:0}MM");
                BitmapFont.Draw(sheet.MutablePixels, width, height, caption, x + 2, y + Tile + 4, 2, result.Dislocated ? (byte)0 : (byte)90);
            }
        }

        return sheet;
    }

    private static void Blit(GrayImage sheet, GrayImage image, int left, int top)
    {
        var scale = Math.Max(image.Width, image.Height) / (double)Tile;
        var w = (int)Math.Round(image.Width / scale);
        var h = (int)Math.Round(image.Height / scale);
        var ox = left + ((Tile - w) / 2);
        var oy = top + ((Tile - h) / 2);
        var target = sheet.MutablePixels;
        for (var y = 0; y < Tile; y++)
        {
            for (var x = 0; x < Tile; x++)
            {
                target[((top + y) * sheet.Width) + left + x] = 255;
            }
        }

        for (var y = 0; y < h; y++)
        {
            var sy0 = (int)(y * scale);
            var sy1 = Math.Min(image.Height, Math.Max(sy0 + 1, (int)((y + 1) * scale)));
            for (var x = 0; x < w; x++)
            {
                var sx0 = (int)(x * scale);
                var sx1 = Math.Min(image.Width, Math.Max(sx0 + 1, (int)((x + 1) * scale)));
                var sum = 0;
                for (var sy = sy0; sy < sy1; sy++)
                {
                    for (var sx = sx0; sx < sx1; sx++)
                    {
                        sum += image[sx, sy];
                    }
                }

                target[((oy + y) * sheet.Width) + ox + x] = (byte)(sum / ((sy1 - sy0) * (sx1 - sx0)));
            }
        }
    }
}
