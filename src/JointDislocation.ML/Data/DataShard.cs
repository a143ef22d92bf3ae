using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace JointDislocation.ML.Data;

/// <summary>
/// One of <see cref="Count"/> disjoint parts of a data listing, for array jobs (Slurm, Kubernetes Indexed Jobs, AWS
/// Batch). A file's part is a stable function of its path relative to the data root alone
/// (<see cref="Assign(string, int)"/>), so a rerun of one part covers the same files whatever the other parts did.
/// </summary>
/// <param name="Index">The part, 0 to <paramref name="Count"/> − 1.</param>
/// <param name="Count">How many parts.</param>
public readonly record struct DataShard(int Index, int Count)
{
    /// <summary>The most parts a listing may be cut into.</summary>
    public const int MaxCount = 1_000_000;

    /// <summary>The folder name of this part's outputs: <c>I-of-N</c>.</summary>
    public string Name => string.Create(CultureInfo.InvariantCulture, $"{Index}-of-{Count}");

    /// <summary>
    /// The part a file belongs to: the first 8 bytes of the SHA-256 of its normalized relative path
    /// (<see cref="NormalizeRelativePath"/>, UTF-8), read as a big-endian unsigned integer, modulo <paramref name="count"/>.
    /// </summary>
    /// <param name="relativePath">The file's path relative to the data root (a folder, or a manifest's folder).</param>
    /// <param name="count">How many parts.</param>
    /// <returns>The part index.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="relativePath"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1 or above <see cref="MaxCount"/>.</exception>
    public static int Assign(string relativePath, int count)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(NormalizeRelativePath(relativePath)), hash);
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % (ulong)count);
    }

    /// <summary>
    /// A relative path as the shard rule reads it: <c>/</c> between parts (a <c>\</c> becomes <c>/</c>), no leading
    /// <c>./</c>, Unicode normalization form C — so the same file gets the same part on Linux and Windows.
    /// </summary>
    /// <param name="relativePath">The path.</param>
    /// <returns>The normalized path.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="relativePath"/> is null.</exception>
    public static string NormalizeRelativePath(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var path = relativePath.Replace('\\', '/').Normalize(NormalizationForm.FormC);
        while (path.StartsWith("./", StringComparison.Ordinal))
        {
            path = path[2..];
        }

        return path;
    }

    /// <summary>Parses <c>I/N</c> (for example <c>3/100</c>).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The part.</returns>
    /// <exception cref="FormatException">Not two integers with 0 ≤ I &lt; N ≤ <see cref="MaxCount"/>.</exception>
    public static DataShard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return Create(index, count);
        }

        throw new FormatException($"'{text}' is not I/N (for example 3/100).");
    }

    /// <summary>Checks and makes a part.</summary>
    /// <param name="index">The part index.</param>
    /// <param name="count">How many parts.</param>
    /// <returns>The part.</returns>
    /// <exception cref="FormatException">Not 0 ≤ <paramref name="index"/> &lt; <paramref name="count"/> ≤ <see cref="MaxCount"/>.</exception>
    public static DataShard Create(int index, int count)
    {
        if (count < 1 || count > MaxCount)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"the shard count must be 1 to {MaxCount} (was {count})."));
        }

        return index >= 0 && index < count
            ? new DataShard(index, count)
            : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"the shard index must be 0 to {count - 1} (was {index})."));
    }

    /// <summary>Whether a file, given by its path relative to the data root, belongs to this part.</summary>
    /// <param name="relativePath">The relative path.</param>
    /// <returns>Whether it belongs here.</returns>
    public bool Contains(string relativePath) => Assign(relativePath, Count) == Index;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
