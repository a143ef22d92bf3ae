using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JointDislocation.ML.Backbones;

/// <summary>
/// Backbone outputs on disk, one file per (image content, backbone fingerprint, augmentation draw), so a rerun on the
/// same data skips featurization. Entries are written atomically and carry their length, their key and a SHA-256 of
/// their content; an entry that fails any check (an interrupted or damaged write) is deleted and recomputed, never used.
/// </summary>
/// <remarks>
/// Thread-safe; several processes may share a folder (the last complete write of an entry wins). With
/// <see cref="FeatureCacheLayout.Pack"/> entries go to one pack file per process instead of a file each
/// (for shared file systems); the key, the entry format and its checks are the same.
/// </remarks>
public sealed class FeatureCache
{
    private const int HeaderLength = 4 + 4 + 16 + 32;
    private const int Version = 1;
    private static readonly byte[] Magic = "JDFC"u8.ToArray();

    private readonly ILogger _logger;
    private readonly FeaturePackStore? _packs;
    private long _hits;
    private long _misses;
    private long _damaged;

    /// <summary>Opens (and creates if needed) a cache folder.</summary>
    /// <param name="folder">Where entries live.</param>
    /// <param name="logger">Receives a warning for each damaged entry.</param>
    /// <exception cref="ArgumentException"><paramref name="folder"/> is empty.</exception>
    public FeatureCache(string folder, ILogger? logger = null)
        : this(folder, FeatureCacheLayout.FilePerEntry, logger)
    {
    }

    /// <summary>Opens (and creates if needed) a cache folder with the given layout.</summary>
    /// <param name="folder">Where entries live.</param>
    /// <param name="layout">A file per entry, or pack files (for shared file systems and many processes).</param>
    /// <param name="logger">Receives a warning for each damaged entry.</param>
    /// <exception cref="ArgumentException"><paramref name="folder"/> is empty or <paramref name="layout"/> undefined.</exception>
    public FeatureCache(string folder, FeatureCacheLayout layout, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (!Enum.IsDefined(layout))
        {
            throw new ArgumentException($"Layout {layout} is not defined.", nameof(layout));
        }

        Folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(Folder);
        Layout = layout;
        _packs = layout == FeatureCacheLayout.Pack ? new FeaturePackStore(Folder) : null;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>How entries are laid out on disk.</summary>
    public FeatureCacheLayout Layout { get; }

    /// <summary>The cache folder.</summary>
    public string Folder { get; }

    /// <summary>Lookups answered from disk so far.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Lookups that found no usable entry so far (damaged ones included).</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Entries found damaged and left to be recomputed, so far (a file is deleted; a copy in a pack is never read again).</summary>
    public long Damaged => Interlocked.Read(ref _damaged);

    /// <summary>The file that holds (or would hold) an entry.</summary>
    /// <param name="key">The key.</param>
    /// <returns>A path inside <see cref="Folder"/>.</returns>
    public string PathFor(FeatureCacheKey key)
    {
        var name = Convert.ToHexStringLower(key.Digest());
        return Path.Combine(Folder, name[..2], name + ".jdfeat");
    }

    /// <summary>Reads an entry if a complete, intact one exists.</summary>
    /// <param name="key">The key.</param>
    /// <param name="output">The cached output, when found.</param>
    /// <returns>Whether an intact entry was found.</returns>
    /// <exception cref="ArgumentException">The key is incomplete.</exception>
    public bool TryGet(FeatureCacheKey key, [NotNullWhen(true)] out BackboneOutput? output)
    {
        ThrowIfInvalid(key);
        output = null;
        if (_packs is not null)
        {
            return TryGetPacked(key, out output);
        }

        var path = PathFor(key);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            Interlocked.Increment(ref _misses);
            return false;
        }

        if (TryAccept(bytes, key, path, out output))
        {
            return true;
        }

        Interlocked.Increment(ref _misses);
        TryDelete(path);
        return false;
    }

    private bool TryGetPacked(FeatureCacheKey key, [NotNullWhen(true)] out BackboneOutput? output)
    {
        output = null;
        var digest = key.Digest();
        foreach (var (bytes, where) in _packs!.Read(digest))
        {
            if (TryAccept(bytes, key, where, out output))
            {
                return true;
            }

            // A pack is append-only and shared: the damaged copy stays on disk but is never used again; another copy
            // (from another process) or a recomputed one takes its place.
            _packs.Forget(digest, where);
        }

        Interlocked.Increment(ref _misses);
        return false;
    }

    /// <summary>Decodes one stored entry: a hit, or a damaged entry counted and logged with where it lay.</summary>
    private bool TryAccept(byte[] bytes, FeatureCacheKey key, string where, [NotNullWhen(true)] out BackboneOutput? output)
    {
        var problem = Decode(bytes, key, out output);
        if (problem is null && output is not null)
        {
            Interlocked.Increment(ref _hits);
            return true;
        }

        output = null;
        Interlocked.Increment(ref _damaged);
        BackboneLog.DamagedCacheEntry(_logger, where, problem ?? "unreadable");
        return false;
    }

    /// <summary>Stores an entry atomically (a reader never sees half of it).</summary>
    /// <param name="key">The key.</param>
    /// <param name="output">The output to store.</param>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> is null.</exception>
    /// <exception cref="ArgumentException">The key is incomplete.</exception>
    public void Put(FeatureCacheKey key, BackboneOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ThrowIfInvalid(key);
        if (_packs is not null)
        {
            _packs.Append(key.Digest(), Encode(key, output));
            _packs.Publish();
            return;
        }

        AtomicFile.WriteAllBytes(PathFor(key), Encode(key, output));
    }

    /// <summary>
    /// Featurizes through the cache: intact entries are read, the rest are loaded, featurized in batches and stored.
    /// </summary>
    /// <param name="backbone">The backbone (its fingerprint is part of every key).</param>
    /// <param name="requests">The images, with their content hashes and augmentation draws.</param>
    /// <param name="progress">Receives progress after each featurized chunk, counting cache hits as done.</param>
    /// <param name="cancellationToken">Stops between chunks; entries already stored stay valid.</param>
    /// <returns>One output per request, in order.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async Task<BackboneOutput[]> FeaturizeAsync(IImageBackbone backbone, IReadOnlyList<FeatureCacheRequest> requests, IProgress<FeaturizationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(requests);
        var outputs = new BackboneOutput[requests.Count];
        var keys = new FeatureCacheKey[requests.Count];
        var missing = new List<int>();
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i] ?? throw new ArgumentNullException(nameof(requests), $"Request {i} is null.");
            keys[i] = new FeatureCacheKey(request.ImageSha256, backbone.Fingerprint, request.AugmentationDraw) { Decoding = request.Decoding };
            if (TryGet(keys[i], out var cached))
            {
                outputs[i] = cached;
            }
            else
            {
                missing.Add(i);
            }
        }

        var done = requests.Count - missing.Count;
        progress?.Report(new FeaturizationProgress(done, requests.Count));

        // Chunks bound the decoded images held in memory and make cancellation and progress responsive.
        const int ChunkSize = 64;
        foreach (var chunk in missing.Chunk(ChunkSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var images = chunk.Select(i => requests[i].LoadImage()).ToList();
            var computed = await backbone.FeaturizeAsync(images, null, cancellationToken).ConfigureAwait(false);
            for (var j = 0; j < chunk.Length; j++)
            {
                outputs[chunk[j]] = computed[j];
                if (_packs is null)
                {
                    Put(keys[chunk[j]], computed[j]);
                }
                else
                {
                    _packs.Append(keys[chunk[j]].Digest(), Encode(keys[chunk[j]], computed[j]));
                }
            }

            // One flush and one index append per chunk, not per image: what counts on a shared file system.
            _packs?.Publish();

            done += chunk.Length;
            progress?.Report(new FeaturizationProgress(done, requests.Count));
        }

        return outputs;
    }

    internal static byte[] Encode(FeatureCacheKey key, BackboneOutput output)
    {
        var pooled = output.Pooled;
        var map = output.Map;
        var length = HeaderLength + (sizeof(float) * (pooled.Length + map.Length)) + 32;
        var bytes = new byte[length];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], pooled.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], output.MapShape.Channels);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], output.MapShape.Height);
        BinaryPrimitives.WriteInt32LittleEndian(span[20..], output.MapShape.Width);
        key.Digest().CopyTo(span[24..]);
        var offset = HeaderLength;
        foreach (var value in pooled)
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[offset..], value);
            offset += sizeof(float);
        }

        foreach (var value in map)
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[offset..], value);
            offset += sizeof(float);
        }

        SHA256.HashData(span[..offset], span[offset..]);
        return bytes;
    }

    /// <summary>Returns null and the output for an intact entry of this key, otherwise the reason it is refused.</summary>
    internal static string? Decode(byte[] bytes, FeatureCacheKey key, out BackboneOutput? output)
    {
        output = null;
        var span = bytes.AsSpan();
        if (bytes.Length < HeaderLength + 32 || !span[..4].SequenceEqual(Magic))
        {
            return "not a feature cache entry";
        }

        if (BinaryPrimitives.ReadInt32LittleEndian(span[4..]) != Version)
        {
            return "unknown version";
        }

        var pooledLength = BinaryPrimitives.ReadInt32LittleEndian(span[8..]);
        var shape = new FeatureMapShape(
            BinaryPrimitives.ReadInt32LittleEndian(span[12..]),
            BinaryPrimitives.ReadInt32LittleEndian(span[16..]),
            BinaryPrimitives.ReadInt32LittleEndian(span[20..]));
        if (pooledLength < 1 || shape.Channels < 1 || shape.Height < 1 || shape.Width < 1
            || (long)HeaderLength + (sizeof(float) * ((long)pooledLength + ((long)shape.Channels * shape.Height * shape.Width))) + 32 != bytes.Length)
        {
            return "length does not match its header (incomplete write?)";
        }

        var payload = bytes.Length - 32;
        if (!SHA256.HashData(span[..payload]).AsSpan().SequenceEqual(span[payload..]))
        {
            return "checksum mismatch";
        }

        if (!span[24..56].SequenceEqual(key.Digest()))
        {
            return "entry belongs to another key";
        }

        var pooled = new float[pooledLength];
        var map = new float[shape.Length];
        var offset = HeaderLength;
        for (var i = 0; i < pooled.Length; i++, offset += sizeof(float))
        {
            pooled[i] = BinaryPrimitives.ReadSingleLittleEndian(span[offset..]);
        }

        for (var i = 0; i < map.Length; i++, offset += sizeof(float))
        {
            map[i] = BinaryPrimitives.ReadSingleLittleEndian(span[offset..]);
        }

        output = new BackboneOutput(pooled, map, shape);
        return null;
    }

    private static void ThrowIfInvalid(FeatureCacheKey key)
    {
        OptionsValidator.Validate(nameof(FeatureCacheKey), key.Collect, nameof(key));
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
