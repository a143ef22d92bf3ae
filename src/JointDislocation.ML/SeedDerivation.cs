using System.Text;

namespace JointDislocation.ML;

/// <summary>
/// Derives child seeds from a parent seed and a stable name (MONAI-style: one seed on the whole pipeline derives
/// every child's). Uses FNV-1a over the name and a SplitMix64 finaliser, so it is the same on every platform and
/// runtime, unlike <see cref="string.GetHashCode()"/>.
/// </summary>
internal static class SeedDerivation
{
    public static int Derive(int seed, string component)
    {
        ulong hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(component))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return (int)(Mix((ulong)(uint)seed ^ hash) & 0x7FFF_FFFF);
    }

    public static int Derive(int seed, long index) => (int)(Mix(((ulong)(uint)seed * DeterministicRandom.GoldenGamma) + (ulong)index) & 0x7FFF_FFFF);

    // SplitMix64's finaliser applied to one value: the same step that seeds DeterministicRandom.
    private static ulong Mix(ulong z) => DeterministicRandom.SplitMix64(ref z);
}
