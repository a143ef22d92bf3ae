using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Saliency;

/// <summary>The built-in colormaps.</summary>
public static class Colormaps
{
    /// <summary>
    /// Jet (blue → cyan → yellow → red), as in the study's heatmaps: each channel is a trapezoid in <c>t</c>.
    /// Familiar but not perceptually uniform — its bright cyan and yellow bands suggest edges that are not in the data.
    /// </summary>
    public static IColormap Jet { get; } = new JetColormap();

    /// <summary>
    /// Inferno (black → purple → orange → pale yellow): perceptually uniform with luminance rising monotonically, so
    /// brighter always means more, also in grayscale print. Interpolated between eleven anchor colours.
    /// </summary>
    public static IColormap Inferno { get; } = new AnchoredColormap(
        "inferno",
        [
            new(0, 0, 4), new(22, 11, 57), new(66, 10, 104), new(106, 23, 110), new(147, 38, 103), new(188, 55, 84),
            new(221, 81, 58), new(243, 120, 25), new(252, 165, 10), new(246, 215, 70), new(252, 255, 164),
        ]);

    /// <summary>Viridis (purple → teal → yellow): perceptually uniform and readable with colour-vision deficiency.</summary>
    public static IColormap Viridis { get; } = new AnchoredColormap(
        "viridis",
        [
            new(68, 1, 84), new(72, 35, 116), new(64, 67, 135), new(52, 94, 141), new(41, 120, 142), new(33, 145, 140),
            new(34, 168, 132), new(68, 190, 112), new(122, 209, 81), new(189, 223, 38), new(253, 231, 37),
        ]);

    /// <summary>Gray (black → white).</summary>
    public static IColormap Gray { get; } = new AnchoredColormap("gray", [new(0, 0, 0), new(255, 255, 255)]);

    /// <summary>All built-in colormaps.</summary>
    public static IReadOnlyList<IColormap> All { get; } = [Jet, Inferno, Viridis, Gray];

    /// <summary>Finds a built-in colormap by name, ignoring case.</summary>
    /// <param name="name">The name, for example <c>jet</c> or <c>inferno</c>.</param>
    /// <returns>The colormap.</returns>
    /// <exception cref="ArgumentException">No colormap has that name (the message lists the known ones).</exception>
    public static IColormap FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(c => string.Equals(c.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Unknown colormap '{name}'; known: {string.Join(", ", All.Select(c => c.Name))}.", nameof(name));
    }

    internal static double Clamp01(double t) => double.IsNaN(t) ? 0 : Math.Clamp(t, 0, 1);

    internal static byte ToByte(double channel) => (byte)Math.Clamp((int)Math.Round(channel * 255, MidpointRounding.AwayFromZero), 0, 255);

    private sealed class JetColormap : IColormap
    {
        public string Name => "jet";

        public RgbColor GetColor(double t)
        {
            t = Clamp01(t);

            // Blue peaks at 1/4, green at 1/2, red at 3/4; each ramps over a quarter on either side of a plateau.
            static double Channel(double t, double centre) => Math.Clamp(1.5 - Math.Abs((4 * t) - centre), 0, 1);
            return new RgbColor(ToByte(Channel(t, 3)), ToByte(Channel(t, 2)), ToByte(Channel(t, 1)));
        }
    }

    private sealed class AnchoredColormap(string name, RgbColor[] anchors) : IColormap
    {
        public string Name => name;

        public RgbColor GetColor(double t)
        {
            var position = Clamp01(t) * (anchors.Length - 1);
            var index = Math.Min((int)position, anchors.Length - 2);
            var f = position - index;
            var a = anchors[index];
            var b = anchors[index + 1];
            return new RgbColor(Lerp(a.R, b.R, f), Lerp(a.G, b.G, f), Lerp(a.B, b.B, f));
        }

        private static byte Lerp(byte a, byte b, double f) => (byte)Math.Round(a + ((b - a) * f), MidpointRounding.AwayFromZero);
    }
}
