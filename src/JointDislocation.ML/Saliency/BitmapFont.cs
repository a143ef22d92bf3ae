using System.Collections.Frozen;

namespace JointDislocation.ML.Saliency;

/// <summary>
/// A 5×7 pixel font drawn from code, so captions look the same on every machine and need no font file (the native
/// SkiaSharp build we ship has no fontconfig). Upper case only: lower-case letters are drawn as capitals, and
/// characters without a glyph as <c>?</c>.
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

    /// <summary>Draws text with its top-left corner at (x, y); pixels outside the canvas are skipped.</summary>
    public static void Draw(RgbCanvas canvas, string text, int x, int y, int scale, RgbColor color)
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
                        canvas.FillRect(x + (column * scale), y + (row * scale), scale, scale, color);
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
