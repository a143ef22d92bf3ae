using JointDislocation.ML.Statistics;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;
using OxyPlot.SkiaSharp;

namespace JointDislocation.ML.Reporting;

/// <summary>Draws ROC curves to PNG with OxyPlot on SkiaSharp.</summary>
public static class RocPlot
{
    private static readonly OxyColor[] Palette =
    [
        OxyColor.FromRgb(0x1f, 0x77, 0xb4), OxyColor.FromRgb(0xd6, 0x27, 0x28), OxyColor.FromRgb(0x2c, 0xa0, 0x2c),
        OxyColor.FromRgb(0x94, 0x67, 0xbd), OxyColor.FromRgb(0xff, 0x7f, 0x0e),
    ];

    /// <summary>Renders curves on one square plot with the chance diagonal.</summary>
    /// <param name="title">Plot title.</param>
    /// <param name="series">The curves.</param>
    /// <param name="size">Width and height in pixels.</param>
    /// <returns>PNG bytes.</returns>
    /// <exception cref="ArgumentException">A curve's x and y have different lengths.</exception>
    public static byte[] RenderPng(string title, IReadOnlyList<RocPlotSeries> series, int size = 560)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 200);
        var model = new PlotModel { Title = title, Background = OxyColors.White, DefaultFont = "DejaVu Sans", TitleFontSize = 15 };
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "1 − specificity (false-positive rate)", Minimum = 0, Maximum = 1, MajorStep = 0.2, MajorGridlineStyle = LineStyle.Dot });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = "sensitivity (true-positive rate)", Minimum = 0, Maximum = 1.0001, MajorStep = 0.2, MajorGridlineStyle = LineStyle.Dot });
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.RightBottom, LegendBackground = OxyColor.FromAColor(220, OxyColors.White), LegendBorder = OxyColors.LightGray });

        var chance = new LineSeries { Color = OxyColors.Gray, LineStyle = LineStyle.Dash, StrokeThickness = 1 };
        chance.Points.Add(new DataPoint(0, 0));
        chance.Points.Add(new DataPoint(1, 1));
        model.Series.Add(chance);

        for (var i = 0; i < series.Count; i++)
        {
            var curve = series[i];
            if (curve.FalsePositiveRates.Count != curve.TruePositiveRates.Count)
            {
                throw new ArgumentException($"Curve '{curve.Label}' has {curve.FalsePositiveRates.Count} x values and {curve.TruePositiveRates.Count} y values.", nameof(series));
            }

            var color = Palette[i % Palette.Length];
            var line = new LineSeries { Title = curve.Label, Color = color, StrokeThickness = 2.2 };
            for (var p = 0; p < curve.FalsePositiveRates.Count; p++)
            {
                line.Points.Add(new DataPoint(curve.FalsePositiveRates[p], curve.TruePositiveRates[p]));
            }

            model.Series.Add(line);
            if (curve.OperatingPoint is { } point)
            {
                var marker = new ScatterSeries { MarkerType = MarkerType.Circle, MarkerSize = 5, MarkerFill = color, MarkerStroke = OxyColors.Black };
                marker.Points.Add(new ScatterPoint(point.FalsePositiveRate, point.TruePositiveRate));
                model.Series.Add(marker);
            }
        }

        using var stream = new MemoryStream();
        new PngExporter { Width = size, Height = size }.Export(model, stream);
        return stream.ToArray();
    }
}
