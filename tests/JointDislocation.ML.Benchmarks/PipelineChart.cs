using System.Globalization;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Benchmarks;

/// <summary>
/// The per-stage breakdown as a PNG bar chart (the library's own canvas and bitmap font, as the ROC plots use): one
/// row per stage, its milliseconds per image as a bar, with the value and the share of wall time written beside it,
/// and the run's figures in the title.
/// </summary>
internal static class PipelineChart
{
    private static readonly RgbColor Background = new(255, 255, 255);
    private static readonly RgbColor Ink = new(30, 30, 30);
    private static readonly RgbColor Grid = new(225, 225, 225);
    private static readonly RgbColor Preparation = new(70, 130, 180);
    private static readonly RgbColor Inference = new(220, 120, 40);
    private static readonly RgbColor Other = new(120, 160, 90);

    public static byte[] Render(string title, string subtitle, IReadOnlyList<(string Stage, double MillisecondsPerImage, double Share)> stages)
    {
        const int Scale = 2, Left = 190, Right = 230, Top = 70, Row = 34, Bar = 22;
        var width = 1000;
        var height = Top + (stages.Count * Row) + 50;
        var canvas = new RgbCanvas(width, height, Background);
        BitmapFont.Draw(canvas, BitmapFont.Fit(title, width - 20, Scale), 10, 10, Scale, Ink);
        BitmapFont.Draw(canvas, BitmapFont.Fit(subtitle, width - 20, Scale), 10, 36, Scale, Ink);
        var max = Math.Max(1e-9, stages.Max(s => s.MillisecondsPerImage));
        var plotWidth = width - Left - Right;

        // Grid lines at round milliseconds.
        var step = max > 40 ? 10.0 : max > 8 ? 2.0 : 0.5;
        for (var tick = 0.0; tick <= max; tick += step)
        {
            var x = Left + (int)(plotWidth * tick / max);
            canvas.FillRect(x, Top - 4, 1, stages.Count * Row, Grid);
            var label = tick.ToString("0.#", CultureInfo.InvariantCulture);
            BitmapFont.Draw(canvas, label, x - (BitmapFont.Measure(label, 1) / 2), Top + (stages.Count * Row) + 2, 1, Ink);
        }

        BitmapFont.Draw(canvas, "MS PER IMAGE", Left + (plotWidth / 2) - 40, height - 22, Scale, Ink);
        for (var i = 0; i < stages.Count; i++)
        {
            var (stage, ms, share) = stages[i];
            var y = Top + (i * Row);
            BitmapFont.Draw(canvas, stage.ToUpperInvariant(), 10, y + 4, Scale, Ink);
            var colour = stage switch
            {
                "Inference" => Inference,
                "Fingerprint" or "Head" => Other,
                _ => Preparation,
            };
            canvas.FillRect(Left, y, Math.Max(1, (int)(plotWidth * ms / max)), Bar, colour);
            var text = string.Create(CultureInfo.InvariantCulture, $"{ms:F2} MS  {share:P1}");
            BitmapFont.Draw(canvas, text, Left + (int)(plotWidth * ms / max) + 8, y + 4, Scale, Ink);
        }

        return canvas.EncodePng();
    }
}
