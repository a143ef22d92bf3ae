using System.Numerics;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Data;

/// <summary>
/// A 64-bit DCT perceptual hash (pHash): the image is averaged down to 32 × 32, the lowest 8 × 8 frequencies of its
/// 2-D DCT-II are kept, and each bit says whether a coefficient is above their median. Resizing, re-encoding and mild
/// contrast changes move few bits; different images differ in about half of them.
/// </summary>
public static class PerceptualHash
{
    /// <summary>The side of the box-averaged image the DCT runs on.</summary>
    internal const int Size = 32;
    private const int Kept = 8;

    private static readonly double[,] Cosines = BuildCosines();

    /// <summary>The hash of an image.</summary>
    /// <param name="image">The image.</param>
    /// <returns>64 bits; bit <c>8v + u</c> belongs to vertical frequency v and horizontal frequency u.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
    public static ulong Compute(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return FromCells(Downscale(image));
    }

    /// <summary>The hash from the 32 × 32 box averages (<see cref="BoxAverage"/> sums divided by counts).</summary>
    internal static ulong FromCells(long[] sums, long[] counts)
    {
        var small = new double[Size * Size];
        for (var i = 0; i < small.Length; i++)
        {
            small[i] = (double)sums[i] / counts[i];
        }

        return FromCells(small);
    }

    private static ulong FromCells(double[] small)
    {

        // Separable DCT, only the kept frequencies: rows first, then columns.
        var rows = new double[Size, Kept];
        for (var y = 0; y < Size; y++)
        {
            for (var u = 0; u < Kept; u++)
            {
                double sum = 0;
                for (var x = 0; x < Size; x++)
                {
                    sum += Cosines[u, x] * small[(y * Size) + x];
                }

                rows[y, u] = sum;
            }
        }

        var coefficients = new double[Kept * Kept];
        for (var v = 0; v < Kept; v++)
        {
            for (var u = 0; u < Kept; u++)
            {
                double sum = 0;
                for (var y = 0; y < Size; y++)
                {
                    sum += Cosines[v, y] * rows[y, u];
                }

                coefficients[(v * Kept) + u] = sum;
            }
        }

        var sorted = (double[])coefficients.Clone();
        Array.Sort(sorted);
        var median = (sorted[31] + sorted[32]) / 2;
        ulong hash = 0;
        for (var i = 0; i < coefficients.Length; i++)
        {
            if (coefficients[i] > median)
            {
                hash |= 1UL << i;
            }
        }

        return hash;
    }

    /// <summary>The Hamming distance between two hashes: how many of the 64 bits differ.</summary>
    /// <param name="a">One hash.</param>
    /// <param name="b">The other hash.</param>
    /// <returns>0 (same) to 64.</returns>
    public static int Distance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);

    /// <summary>Box-averages the image to 32 × 32; each cell averages the source pixels whose index falls in it.</summary>
    private static double[] Downscale(GrayImage image)
    {
        var result = new double[Size * Size];
        BoxAverage.ForEachCell(image, Size, (index, sum, count) => result[index] = (double)sum / count);
        return result;
    }

    private static double[,] BuildCosines()
    {
        var table = new double[Kept, Size];
        for (var u = 0; u < Kept; u++)
        {
            for (var x = 0; x < Size; x++)
            {
                table[u, x] = Math.Cos(((2 * x) + 1) * u * Math.PI / (2 * Size));
            }
        }

        return table;
    }
}
