using System.Globalization;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Data;

/// <summary>
/// A 16 × 16 box-averaged thumbnail, the second check behind the 64-bit <see cref="PerceptualHash"/>: two different
/// radiographs of one joint in one view often lie within a few hash bits of each other (the hash keeps only the
/// coarsest structure, which such images share), while a resized or re-encoded copy also agrees pixel for pixel at
/// this size. A near copy needs both: a close hash and a thumbnail correlation of at least
/// <see cref="DefaultMinCorrelation"/>.
/// </summary>
internal static class ImageThumbnail
{
    /// <summary>Thumbnail side.</summary>
    public const int Size = 16;

    /// <summary>The least Pearson correlation between thumbnails that counts as a copy.</summary>
    public const double DefaultMinCorrelation = DuplicateFinderOptions.DefaultMinThumbnailCorrelation;

    /// <summary>The thumbnail as 512 hex digits (row-major bytes).</summary>
    public static string Compute(GrayImage image)
    {
        var result = new byte[Size * Size];
        BoxAverage.ForEachCell(image, Size, (index, sum, count) => result[index] = (byte)((sum + (count / 2)) / count));
        return Convert.ToHexStringLower(result);
    }

    /// <summary>The thumbnail from the 16 × 16 <see cref="BoxAverage"/> sums and counts.</summary>
    public static string FromCells(long[] sums, long[] counts)
    {
        var result = new byte[Size * Size];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (byte)((sums[i] + (counts[i] / 2)) / counts[i]);
        }

        return Convert.ToHexStringLower(result);
    }

    /// <summary>
    /// Pearson correlation of two thumbnails; two flat thumbnails correlate 1 when their levels are within 2 and 0
    /// otherwise (a correlation is undefined without variation).
    /// </summary>
    public static double Correlation(string a, string b)
    {
        var x = Convert.FromHexString(a);
        var y = Convert.FromHexString(b);
        if (x.Length != Size * Size || y.Length != Size * Size)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"A thumbnail has {Size * Size} bytes."));
        }

        double mx = x.Average(v => (double)v), my = y.Average(v => (double)v), sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }

        // Below one gray level of spread the image is flat: compare levels instead.
        const double flat = Size * Size;
        if (sxx < flat || syy < flat)
        {
            return sxx < flat && syy < flat && Math.Abs(mx - my) <= 2 ? 1 : 0;
        }

        return sxy / Math.Sqrt(sxx * syy);
    }
}
