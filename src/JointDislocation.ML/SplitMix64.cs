namespace JointDislocation.ML;

/// <summary>
/// A small, fully specified generator (SplitMix64) for bootstrap resampling, so that a seed gives the same draws on
/// every runtime and platform; <see cref="Random"/> does not promise that.
/// </summary>
internal struct SplitMix64
{
    private ulong state;

    public SplitMix64(long seed) => state = (ulong)seed;

    public ulong NextUInt64()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform integer in [0, bound), without modulo bias (Lemire's multiply-and-reject).</summary>
    public int Next(int bound)
    {
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
}
