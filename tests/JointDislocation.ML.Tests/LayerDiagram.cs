using System.Globalization;
using System.Text;

namespace JointDislocation.ML.Tests;

/// <summary>Which layer uses which (from the sources), and how many files each layer has.</summary>
internal sealed record LayerDependencies(IReadOnlyDictionary<string, int> Files, IReadOnlySet<(string From, string To)> Uses);

/// <summary>
/// Draws the library's layers as an SVG: one row per rank, bottom layer at the bottom, each box with its file count,
/// and a line for every "uses" between layers. Plain text, so a change to the layers shows in a diff.
/// </summary>
internal static class LayerDiagram
{
    private const int Width = 860;
    private const int RowHeight = 78;
    private const int BoxHeight = 44;
    private const int Margin = 24;

    private static readonly string[] Fills = ["#e8eef7", "#dce8d5", "#f6e7cf", "#efd9d9", "#e3ddf0", "#d7ecec", "#f3efcf", "#e6e6e6", "#f1dcec"];

    public static string Render(IReadOnlyList<string[]> ranks, LayerDependencies dependencies)
    {
        var height = (ranks.Count * RowHeight) + (2 * Margin) + 28;
        var centres = new Dictionary<string, (double X, double Y, double W)>(StringComparer.Ordinal);
        for (var rank = 0; rank < ranks.Count; rank++)
        {
            var layers = ranks[rank];
            var y = height - Margin - ((rank + 1) * RowHeight) + ((RowHeight - BoxHeight) / 2.0);
            var slot = (Width - (2 * Margin)) / (double)layers.Length;
            var boxWidth = Math.Min(260, slot - 30);
            for (var i = 0; i < layers.Length; i++)
            {
                centres[layers[i]] = (Margin + (slot * (i + 0.5)), y, boxWidth);
            }
        }

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{height}" viewBox="0 0 {Width} {height}" font-family="DejaVu Sans, Arial, sans-serif">""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<rect width="{Width}" height="{height}" fill="#ffffff"/>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Margin}" y="{Margin + 6}" font-size="15" font-weight="bold" fill="#222">src/JointDislocation.ML: each layer uses only layers below it (lines: actual uses, from the sources)</text>""").Append('\n');
        foreach (var (from, to) in dependencies.Uses.Where(u => centres.ContainsKey(u.From) && centres.ContainsKey(u.To)))
        {
            var a = centres[from];
            var b = centres[to];
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{a.X:0.#}" y1="{a.Y + BoxHeight:0.#}" x2="{b.X:0.#}" y2="{b.Y:0.#}" stroke="#8a94a6" stroke-width="1.2" stroke-opacity="0.7"/>""").Append('\n');
        }

        for (var rank = 0; rank < ranks.Count; rank++)
        {
            foreach (var layer in ranks[rank])
            {
                var (x, y, w) = centres[layer];
                var name = layer.Length == 0 ? "(root) JointDislocation.ML" : layer;
                var files = dependencies.Files.GetValueOrDefault(layer);
                svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{x - (w / 2):0.#}" y="{y:0.#}" width="{w:0.#}" height="{BoxHeight}" rx="6" fill="{Fills[rank % Fills.Length]}" stroke="#44546a" stroke-width="1.2"/>""").Append('\n');
                svg.Append(CultureInfo.InvariantCulture, $"""<text x="{x:0.#}" y="{y + 20:0.#}" font-size="15" text-anchor="middle" fill="#1b2430">{name}</text>""").Append('\n');
                svg.Append(CultureInfo.InvariantCulture, $"""<text x="{x:0.#}" y="{y + 36:0.#}" font-size="11" text-anchor="middle" fill="#4a5566">{files} files</text>""").Append('\n');
            }
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }
}
