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

    public static int Derive(int seed, long index) => (int)(Mix((ulong)(uint)seed * 0x9E3779B97F4A7C15UL + (ulong)index) & 0x7FFF_FFFF);

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
