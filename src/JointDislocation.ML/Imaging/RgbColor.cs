namespace JointDislocation.ML.Imaging;

/// <summary>An 8-bit sRGB colour.</summary>
/// <param name="R">Red.</param>
/// <param name="G">Green.</param>
/// <param name="B">Blue.</param>
public readonly record struct RgbColor(byte R, byte G, byte B)
{
    /// <summary>Relative luminance (ITU-R BT.709 weights on linearised sRGB), from 0 (black) to 1 (white).</summary>
    public double Luminance => (0.2126 * Linear(R)) + (0.7152 * Linear(G)) + (0.0722 * Linear(B));

    private static double Linear(byte channel)
    {
        var c = channel / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
    }
}
