namespace JointDislocation.ML;

/// <summary>
/// The library's one random source: xoshiro256** (Blackman and Vigna, 2018), its 256-bit state filled by SplitMix64
/// from a 32-bit seed. Splits, augmentation draws, phantoms and bootstrap resampling all draw from it, each from a
/// seed derived with <see cref="SeedDerivation"/>.
/// </summary>
/// <remarks>
/// <para>
/// The sequence for a seed is stable across .NET versions, operating systems and processors because this file
/// defines it: the generator is 64-bit integer arithmetic (adds, shifts, rotations, multiplications modulo 2⁶⁴),
/// which every platform computes exactly, and <see cref="NextDouble"/> and <see cref="Next(int)"/> turn its bits into
/// numbers with exact operations. <see cref="Random"/> with a seed makes no such promise: .NET documents its
/// algorithm as an implementation detail that may change between versions, so a split or an augmentation drawn
/// from it could move when the runtime is upgraded.
/// </para>
/// <para>
/// <see cref="Normal"/>, <see cref="NormalPair"/> and the table behind <see cref="FillGaussian"/> also call
/// <see cref="Math.Log(double)"/>, <see cref="Math.Sqrt(double)"/>, <see cref="Math.Cos(double)"/> and
/// <see cref="Math.Sin(double)"/>; <see cref="Math.Sqrt(double)"/> is exact, but the others are not promised to the
/// last bit across operating systems, so a normal draw can differ in its last binary place between platforms (never
/// the integer stream, and in practice never an 8-bit pixel). Same seed on the same machine: the same numbers.
/// </para>
/// <para>Not thread-safe and not cryptographic: give each task its own instance from its own derived seed.</para>
/// </remarks>
internal sealed class DeterministicRandom
{
    /// <summary>SplitMix64's increment, 2⁶⁴ divided by the golden ratio; <see cref="SeedDerivation"/> uses it too.</summary>
    internal const ulong GoldenGamma = 0x9E3779B97F4A7C15UL;

    // A fixed constant (the first 64 bits of √2's fractional part, as in SHA-512) mixed into the seed, so that seed 0
    // does not start SplitMix64 from the zero state.
    private const ulong SeedSalt = 0x6A09E667F3BCC908UL;

    private const int GaussianTableSize = 1 << 16;

    // Phantom pixel noise draws millions of normals per image; a fixed table of quantiles indexed by random bits is
    // about ten times faster than Box–Muller and indistinguishable at 8-bit output.
    private static readonly Lazy<float[]> GaussianTable = new(BuildGaussianTable);

    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>Starts the stream for a seed; equal seeds give equal streams.</summary>
    /// <param name="seed">Any value; negative seeds are as good as positive ones.</param>
    public DeterministicRandom(int seed)
    {
        var x = (ulong)(uint)seed ^ SeedSalt;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>
    /// One step of SplitMix64 (Steele, Lea and Flood, 2014): advances <paramref name="state"/> by
    /// <see cref="GoldenGamma"/> and returns the mixed new state. The library's only copy of this arithmetic; it seeds
    /// this generator and finalises <see cref="SeedDerivation"/>'s hashes.
    /// </summary>
    /// <param name="state">The state, advanced in place.</param>
    /// <returns>64 well-mixed bits.</returns>
    internal static ulong SplitMix64(ref ulong state)
    {
        state += GoldenGamma;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 uniformly distributed bits (xoshiro256**).</summary>
    /// <returns>A uniform 64-bit value.</returns>
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

    /// <summary>A uniform non-negative integer below 2³¹, for example a seed to store and replay later.</summary>
    /// <returns>A value in [0, <see cref="int.MaxValue"/>].</returns>
    public int NextInt32() => (int)(NextUInt64() >> 33);

    /// <summary>A uniform integer in [0, <paramref name="bound"/>), without modulo bias (Lemire's multiply-and-reject).</summary>
    /// <param name="bound">The exclusive upper bound, at least 1.</param>
    /// <returns>A value in [0, <paramref name="bound"/>).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bound"/> is below 1.</exception>
    public int Next(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bound, 1);
        var range = (ulong)bound;
        var threshold = (0UL - range) % range;
        while (true)
        {
            var product = Math.BigMul(NextUInt64(), range, out var low);
            if (low >= threshold)
            {
                return (int)product;
            }
        }
    }

    /// <summary>A uniform double in [0, 1): the top 53 bits scaled by 2⁻⁵³, so every value is exact.</summary>
    /// <returns>A value in [0, 1).</returns>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    /// <param name="min">The lower bound.</param>
    /// <param name="max">The upper bound.</param>
    /// <returns><c>min + (max − min) · u</c> for one <see cref="NextDouble"/> draw <c>u</c>.</returns>
    public double Uniform(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>
    /// A uniform integer in [<paramref name="min"/>, <paramref name="max"/>], by scaling one <see cref="NextDouble"/>
    /// draw. The bias is below 2⁻⁵³ per value, far below anything measurable; the phantoms' pixels depend on this
    /// exact mapping, so it stays as it is (<see cref="Next(int)"/> is the exactly uniform choice).
    /// </summary>
    /// <param name="min">The smallest value.</param>
    /// <param name="max">The largest value, at least <paramref name="min"/>.</param>
    /// <returns>A value in [<paramref name="min"/>, <paramref name="max"/>].</returns>
    public int Int(int min, int max) => min + (int)(NextDouble() * (max - min + 1));

    /// <summary>True with the given probability (one <see cref="NextDouble"/> draw).</summary>
    /// <param name="probability">The probability, 0 to 1.</param>
    /// <returns>Whether the event happened.</returns>
    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>One of the items, each equally likely.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="items">A non-empty list.</param>
    /// <returns>The chosen item.</returns>
    public T Pick<T>(IReadOnlyList<T> items) => items[Int(0, items.Count - 1)];

    /// <summary>Shuffles a list in place (Fisher–Yates from the end, one <see cref="Next(int)"/> per position).</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="items">The list.</param>
    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>
    /// Two independent standard normal draws by the Box–Muller transform of two <see cref="NextDouble"/> draws
    /// (the radius from the first, the angle from the second).
    /// </summary>
    /// <returns>The cosine and the sine branch.</returns>
    public (double First, double Second) NormalPair()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        var radius = Math.Sqrt(-2.0 * Math.Log(u1));
        var angle = 2.0 * Math.PI * u2;
        return (radius * Math.Cos(angle), radius * Math.Sin(angle));
    }

    /// <summary>One standard normal draw: the first of a <see cref="NormalPair"/>, the second discarded.</summary>
    /// <returns>A standard normal value.</returns>
    public double Normal() => NormalPair().First;

    /// <summary>
    /// Fills a buffer with standard normal values from a fixed table of 65,536 quantiles, four per 64-bit draw: fast
    /// enough for per-pixel noise, and as good as exact normals once the result is rounded to 8 bits.
    /// </summary>
    /// <param name="destination">The buffer to fill.</param>
    public void FillGaussian(Span<float> destination)
    {
        var table = GaussianTable.Value;
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

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static float[] BuildGaussianTable()
    {
        // Quantiles of the standard normal at (i + 0.5) / N: deterministic and independent of any random stream.
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
