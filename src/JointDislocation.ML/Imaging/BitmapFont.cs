using System.Collections.Frozen;

namespace JointDislocation.ML.Imaging;

/// <summary>
/// The one 5×7 dot font: contact-sheet and overlay captions, and the text burned into phantoms (markers, watermarks).
/// Drawn from code, so every machine draws the same pixels and no font file is needed (system fonts differ between
/// machines, and the native SkiaSharp build we ship has no fontconfig). Upper case only: lower-case letters are drawn
/// as capitals, and characters without a glyph as <c>?</c>.
/// </summary>
internal static class BitmapFont
{
    public const int GlyphWidth = 5;
    public const int GlyphHeight = 7;
    public const int Advance = GlyphWidth + 1;

    private static readonly FrozenDictionary<char, bool[]> Glyphs = Build(new Dictionary<char, string>
    {
        ['A'] = ".###.|#...#|#...#|#####|#...#|#...#|#...#",
        ['B'] = "####.|#...#|#...#|####.|#...#|#...#|####.",
        ['C'] = ".###.|#...#|#....|#....|#....|#...#|.###.",
        ['D'] = "####.|#...#|#...#|#...#|#...#|#...#|####.",
        ['E'] = "#####|#....|#....|####.|#....|#....|#####",
        ['F'] = "#####|#....|#....|####.|#....|#....|#....",
        ['G'] = ".###.|#...#|#....|#.###|#...#|#...#|.####",
        ['H'] = "#...#|#...#|#...#|#####|#...#|#...#|#...#",
        ['I'] = ".###.|..#..|..#..|..#..|..#..|..#..|.###.",
        ['J'] = "..###|...#.|...#.|...#.|...#.|#..#.|.##..",
        ['K'] = "#...#|#..#.|#.#..|##...|#.#..|#..#.|#...#",
        ['L'] = "#....|#....|#....|#....|#....|#....|#####",
        ['M'] = "#...#|##.##|#.#.#|#.#.#|#...#|#...#|#...#",
        ['N'] = "#...#|#...#|##..#|#.#.#|#..##|#...#|#...#",
        ['O'] = ".###.|#...#|#...#|#...#|#...#|#...#|.###.",
        ['P'] = "####.|#...#|#...#|####.|#....|#....|#....",
        ['Q'] = ".###.|#...#|#...#|#...#|#.#.#|#..#.|.##.#",
        ['R'] = "####.|#...#|#...#|####.|#.#..|#..#.|#...#",
        ['S'] = ".####|#....|#....|.###.|....#|....#|####.",
        ['T'] = "#####|..#..|..#..|..#..|..#..|..#..|..#..",
        ['U'] = "#...#|#...#|#...#|#...#|#...#|#...#|.###.",
        ['V'] = "#...#|#...#|#...#|#...#|#...#|.#.#.|..#..",
        ['W'] = "#...#|#...#|#...#|#.#.#|#.#.#|#.#.#|.#.#.",
        ['X'] = "#...#|#...#|.#.#.|..#..|.#.#.|#...#|#...#",
        ['Y'] = "#...#|#...#|.#.#.|..#..|..#..|..#..|..#..",
        ['Z'] = "#####|....#|...#.|..#..|.#...|#....|#####",
        ['0'] = ".###.|#...#|#..##|#.#.#|##..#|#...#|.###.",
        ['1'] = "..#..|.##..|..#..|..#..|..#..|..#..|.###.",
        ['2'] = ".###.|#...#|....#|...#.|..#..|.#...|#####",
        ['3'] = "#####|...#.|..#..|...#.|....#|#...#|.###.",
        ['4'] = "...#.|..##.|.#.#.|#..#.|#####|...#.|...#.",
        ['5'] = "#####|#....|####.|....#|....#|#...#|.###.",
        ['6'] = "..##.|.#...|#....|####.|#...#|#...#|.###.",
        ['7'] = "#####|....#|...#.|..#..|.#...|.#...|.#...",
        ['8'] = ".###.|#...#|#...#|.###.|#...#|#...#|.###.",
        ['9'] = ".###.|#...#|#...#|.####|....#|...#.|.##..",
        [' '] = ".....|.....|.....|.....|.....|.....|.....",
        ['.'] = ".....|.....|.....|.....|.....|.##..|.##..",
        [','] = ".....|.....|.....|.....|.##..|..#..|.#...",
        [':'] = ".....|.##..|.##..|.....|.##..|.##..|.....",
        [';'] = ".....|.##..|.##..|.....|.##..|..#..|.#...",
        ['-'] = ".....|.....|.....|#####|.....|.....|.....",
        ['_'] = ".....|.....|.....|.....|.....|.....|#####",
        ['/'] = ".....|....#|...#.|..#..|.#...|#....|.....",
        ['%'] = "##...|##..#|...#.|..#..|.#...|#..##|...##",
        ['('] = "...#.|..#..|.#...|.#...|.#...|..#..|...#.",
        [')'] = ".#...|..#..|...#.|...#.|...#.|..#..|.#...",
        ['='] = ".....|.....|#####|.....|#####|.....|.....",
        ['+'] = ".....|..#..|..#..|#####|..#..|..#..|.....",
        ['\''] = "..#..|..#..|.#...|.....|.....|.....|.....",
        ['?'] = ".###.|#...#|....#|...#.|..#..|.....|..#..",
        ['!'] = "..#..|..#..|..#..|..#..|..#..|.....|..#..",
        ['<'] = "...#.|..#..|.#...|#....|.#...|..#..|...#.",
        ['>'] = ".#...|..#..|...#.|....#|...#.|..#..|.#...",
        ['['] = ".###.|.#...|.#...|.#...|.#...|.#...|.###.",
        [']'] = ".###.|...#.|...#.|...#.|...#.|...#.|.###.",
        ['*'] = ".....|..#..|#.#.#|.###.|#.#.#|..#..|.....",
        ['#'] = ".#.#.|.#.#.|#####|.#.#.|#####|.#.#.|.#.#.",
        ['×'] = ".....|#...#|.#.#.|..#..|.#.#.|#...#|.....",
    });

    /// <summary>Width of a text in pixels at a scale (no trailing gap).</summary>
    public static int Measure(string text, int scale) => text.Length == 0 ? 0 : ((text.Length * Advance) - 1) * scale;

    /// <summary>Whether a character has its own glyph (after upper-casing).</summary>
    public static bool HasGlyph(char c) => Glyphs.ContainsKey(char.ToUpperInvariant(c));

    /// <summary>Height of a line of text in pixels at a scale.</summary>
    public static int MeasureHeight(int scale) => GlyphHeight * scale;

    /// <summary>Draws text on an RGB canvas with its top-left corner at (x, y); pixels outside are skipped.</summary>
    public static void Draw(RgbCanvas canvas, string text, int x, int y, int scale, RgbColor color) =>
        ForEachDot(text, x, y, scale, (px, py) => canvas.FillRect(px, py, scale, scale, color));

    /// <summary>
    /// Draws text on 8-bit gray pixels with its top-left corner at (x, y), blending towards a gray level with an
    /// opacity; pixels outside the image are skipped.
    /// </summary>
    public static void Draw(Span<byte> pixels, int width, int height, string text, int x, int y, int scale, byte value, double opacity = 1.0)
    {
        foreach (var (px, py) in Dots(text, x, y, scale))
        {
            for (var sy = Math.Max(0, py); sy < Math.Min(height, py + scale); sy++)
            {
                for (var sx = Math.Max(0, px); sx < Math.Min(width, px + scale); sx++)
                {
                    ref var target = ref pixels[(sy * width) + sx];
                    target = (byte)Math.Clamp(Math.Round((target * (1 - opacity)) + (value * opacity)), 0, 255);
                }
            }
        }
    }

    private static void ForEachDot(string text, int x, int y, int scale, Action<int, int> dot)
    {
        foreach (var (px, py) in Dots(text, x, y, scale))
        {
            dot(px, py);
        }
    }

    /// <summary>The top-left corner of every set dot, each <paramref name="scale"/> pixels square.</summary>
    private static IEnumerable<(int X, int Y)> Dots(string text, int x, int y, int scale)
    {
        foreach (var raw in text)
        {
            var glyph = Glyphs.GetValueOrDefault(char.ToUpperInvariant(raw)) ?? Glyphs['?'];
            for (var row = 0; row < GlyphHeight; row++)
            {
                for (var column = 0; column < GlyphWidth; column++)
                {
                    if (glyph[(row * GlyphWidth) + column])
                    {
                        yield return (x + (column * scale), y + (row * scale));
                    }
                }
            }

            x += Advance * scale;
        }
    }

    /// <summary>Shortens a text with a trailing ".." so that it fits a width.</summary>
    public static string Fit(string text, int width, int scale)
    {
        if (Measure(text, scale) <= width)
        {
            return text;
        }

        var characters = Math.Max(0, ((width / scale) + 1) / Advance);
        return characters <= 2 ? string.Empty : string.Concat(text.AsSpan(0, characters - 2), "..");
    }

    private static FrozenDictionary<char, bool[]> Build(Dictionary<char, string> source)
    {
        var glyphs = new Dictionary<char, bool[]>();
        foreach (var (c, pattern) in source)
        {
            var rows = pattern.Split('|');
            if (rows.Length != GlyphHeight || rows.Any(r => r.Length != GlyphWidth))
            {
                throw new InvalidOperationException($"Glyph '{c}' is not {GlyphWidth}×{GlyphHeight}.");
            }

            glyphs[c] = [.. string.Concat(rows).Select(p => p == '#')];
        }

        return glyphs.ToFrozenDictionary();
    }
}
