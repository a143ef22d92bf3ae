namespace JointDislocation.ML.Phantoms;

/// <summary>
/// A 5×7 dot font for burned-in text, markers and contact-sheet captions. Built in, so every machine draws the
/// same pixels (system fonts differ between machines, and none may be installed).
/// </summary>
internal static class BitmapFont
{
    public const int GlyphWidth = 5;
    public const int GlyphHeight = 7;

    private static readonly Dictionary<char, ulong> Glyphs = Build();

    /// <summary>Width in pixels of a text at a dot size (one dot column of spacing between glyphs).</summary>
    public static int MeasureWidth(string text, int scale) => text.Length == 0 ? 0 : ((text.Length * (GlyphWidth + 1)) - 1) * scale;

    public static int MeasureHeight(int scale) => GlyphHeight * scale;

    /// <summary>Whether a dot of a glyph is set; unknown characters draw as blanks.</summary>
    public static bool Dot(char c, int column, int row) =>
        Glyphs.TryGetValue(char.ToUpperInvariant(c), out var bits) && ((bits >> ((row * GlyphWidth) + column)) & 1UL) != 0;

    /// <summary>Draws text with its top-left corner at (x, y), blending towards a grey level with an opacity.</summary>
    public static void Draw(Span<byte> pixels, int width, int height, string text, int x, int y, int scale, byte value, double opacity = 1.0)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var gx = x + (i * (GlyphWidth + 1) * scale);
            for (var row = 0; row < GlyphHeight; row++)
            {
                for (var column = 0; column < GlyphWidth; column++)
                {
                    if (!Dot(text[i], column, row))
                    {
                        continue;
                    }

                    for (var sy = 0; sy < scale; sy++)
                    {
                        var py = y + (row * scale) + sy;
                        if (py < 0 || py >= height)
                        {
                            continue;
                        }

                        for (var sx = 0; sx < scale; sx++)
                        {
                            var px = gx + (column * scale) + sx;
                            if (px < 0 || px >= width)
                            {
                                continue;
                            }

                            ref var target = ref pixels[(py * width) + px];
                            target = (byte)Math.Clamp(Math.Round((target * (1 - opacity)) + (value * opacity)), 0, 255);
                        }
                    }
                }
            }
        }
    }

    private static Dictionary<char, ulong> Build()
    {
        var rows = new Dictionary<char, string>
        {
            ['A'] = ".###.#...##...#######...##...##...#",
            ['B'] = "####.#...##...#####.#...##...#####.",
            ['C'] = ".#####....#....#....#....#.....####",
            ['D'] = "####.#...##...##...##...##...#####.",
            ['E'] = "######....#....####.#....#....#####",
            ['F'] = "######....#....####.#....#....#....",
            ['G'] = ".#####....#....#.####...##...#.####",
            ['H'] = "#...##...##...#######...##...##...#",
            ['I'] = ".###...#....#....#....#....#...###.",
            ['J'] = "..###...#....#....#....#.#..#..##..",
            ['K'] = "#...##..#.#.#..##...#.#..#..#.#...#",
            ['L'] = "#....#....#....#....#....#....#####",
            ['M'] = "#...###.###.#.##.#.##...##...##...#",
            ['N'] = "#...###..##.#.##..###...##...##...#",
            ['O'] = ".###.#...##...##...##...##...#.###.",
            ['P'] = "####.#...##...#####.#....#....#....",
            ['Q'] = ".###.#...##...##...##.#.##..#..##.#",
            ['R'] = "####.#...##...#####.#.#..#..#.#...#",
            ['S'] = ".#####....#.....###.....#....#####.",
            ['T'] = "#####..#....#....#....#....#....#..",
            ['U'] = "#...##...##...##...##...##...#.###.",
            ['V'] = "#...##...##...##...##...#.#.#...#..",
            ['W'] = "#...##...##...##.#.##.#.##.#.#.#.#.",
            ['X'] = "#...##...#.#.#...#...#.#.#...##...#",
            ['Y'] = "#...##...#.#.#...#....#....#....#..",
            ['Z'] = "#####....#...#...#...#...#....#####",
            ['0'] = ".###.#...##..###.#.###..##...#.###.",
            ['1'] = "..#...##....#....#....#....#...###.",
            ['2'] = ".###.#...#....#...#...#...#...#####",
            ['3'] = "#####...#...#.....#.....##...#.###.",
            ['4'] = "...#...##..#.#.#..#.#####...#....#.",
            ['5'] = "######....####.....#....##...#.###.",
            ['6'] = "..##..#...#....####.#...##...#.###.",
            ['7'] = "#####....#...#...#...#....#....#...",
            ['8'] = ".###.#...##...#.###.#...##...#.###.",
            ['9'] = ".###.#...##...#.####....#...#..##..",
            ['-'] = "...............#####...............",
            [':'] = "......##...##........##...##.......",
            ['/'] = "....#....#...#...#...#...#....#....",
            ['.'] = "..........................##...##..",
            ['%'] = "##...##..#...#...#...#...#..##...##",
            ['#'] = ".#.#..#.#.#####.#.#.#####.#.#..#.#.",
            ['+'] = ".......#....#..#####..#....#.......",
            ['='] = "..........#####.....#####..........",
            ['('] = "...#...#...#....#....#.....#.....#.",
            [')'] = ".#.....#.....#....#....#...#...#...",
            [' '] = string.Empty,
        };

        var glyphs = new Dictionary<char, ulong>();
        foreach (var (c, pattern) in rows)
        {
            var padded = pattern.PadRight(GlyphWidth * GlyphHeight, '.');
            ulong bits = 0;
            for (var i = 0; i < GlyphWidth * GlyphHeight; i++)
            {
                if (padded[i] == '#')
                {
                    bits |= 1UL << i;
                }
            }

            glyphs[c] = bits;
        }

        return glyphs;
    }
}
