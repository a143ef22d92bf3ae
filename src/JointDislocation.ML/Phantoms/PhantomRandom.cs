namespace JointDislocation.ML.Phantoms;

/// <summary>
/// The phantoms' random source: xoshiro256** seeded through SplitMix64. Its own algorithm rather than
/// <see cref="Random"/>, so the stream of draws is fixed by this file and not by the runtime.
/// </summary>
internal sealed class PhantomRandom
{
    private const int GaussianTableSize = 1 << 16;

    // Pixel noise draws millions of normals per image; a fixed table of quantiles indexed by random bits is
    // about ten times faster than Box–Muller and indistinguishable at 8-bit output.
    private static readonly float[] GaussianTable = BuildGaussianTable();

    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public PhantomRandom(int seed)
    {
        var x = (ulong)(uint)seed ^ 0x6A09E667F3BCC908UL;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [min, max).</summary>
    public double Uniform(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>Uniform integer in [min, max].</summary>
    public int Int(int min, int max) => min + (int)(NextDouble() * (max - min + 1));

    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>A standard normal draw (Box–Muller), for the few geometric parameters that need one.</summary>
    public double Normal()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[Int(0, items.Count - 1)];

    /// <summary>Fills a buffer with standard normal draws from the quantile table (four per 64-bit draw).</summary>
    public void FillGaussian(Span<float> destination)
    {
        var table = GaussianTable;
        var i = 0;
        for (; i + 4 <= destination.Length; i += 4)
        {
            var bits = NextUInt64();
            destination[i] = table[(int)(bits & 0xFFFF)];
            destination[i + 1] = table[(int)((bits >> 16) & 0xFFFF)];
            destination[i + 2] = table[(int)((bits >> 32) & 0xFFFF)];
            destination[i + 3] = table[(int)(bits >> 48)];
        }

        for (; i < destination.Length; i++)
        {
            destination[i] = table[(int)(NextUInt64() & 0xFFFF)];
        }
    }

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static float[] BuildGaussianTable()
    {
        // Quantiles of the standard normal at (i + 0.5) / N, by bisection on the error function approximation:
        // deterministic and independent of any random stream.
        var table = new float[GaussianTableSize];
        for (var i = 0; i < GaussianTableSize / 2; i++)
        {
            var p = (i + 0.5) / GaussianTableSize;
            var q = (float)InverseNormal(p);
            table[i] = q;
            table[GaussianTableSize - 1 - i] = -q;
        }

        return table;
    }

    // Acklam's rational approximation of the inverse normal CDF (relative error below 1.2e-9).
    private static double InverseNormal(double p)
    {
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double Low = 0.02425;
        if (p < Low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }

        var r = p - 0.5;
        var s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }
}
