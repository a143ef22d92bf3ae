using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace JointDislocation.ML.Backbones;

/// <summary>
/// The pack layout of a <see cref="FeatureCache"/> for shared file systems (Lustre, NFS), where a file per image does
/// not survive millions of images: each writer (a process's cache) appends its entries to one pack file of its own,
/// <c>packs/&lt;writer&gt;.pack</c>, and publishes them in an append-only index, <c>packs/&lt;writer&gt;.idx</c>.
/// </summary>
/// <remarks>
/// <para>Correct with any number of processes on one folder: no two writers share a file, so appends never interleave.
/// A writer appends a batch of entries to its pack, flushes them to disk, and only then appends their index records,
/// so a published record never points at bytes not yet written. Each index record (key digest, offset, length) carries
/// a checksum, so a record torn by a crash is ignored; each entry carries its key and a SHA-256 of its content
/// (<see cref="FeatureCache"/>'s entry format), so a damaged entry is refused and recomputed, never trusted.</para>
/// <para>Readers scan every writer's index from where they last stopped (new writers and new records appear on a rescan)
/// and read an entry by offset. No file is opened for long: a writer opens its pack and index in append mode for each
/// batch.</para>
/// </remarks>
internal sealed class FeaturePackStore
{
    public const string FolderName = "packs";
    private const int DigestLength = 32;
    private const int RecordLength = DigestLength + 8 + 4 + 8;
    private static readonly TimeSpan RescanInterval = TimeSpan.FromSeconds(2);

    private readonly object _gate = new();
    private readonly string _folder;
    private readonly string _writer;
    private readonly Dictionary<string, List<Location>> _index = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _scanned = new(StringComparer.Ordinal);
    private readonly List<(byte[] Digest, byte[] Bytes)> _pending = [];
    private DateTime _lastScan = DateTime.MinValue;

    public FeaturePackStore(string cacheFolder)
    {
        _folder = Path.Combine(cacheFolder, FolderName);
        Directory.CreateDirectory(_folder);
        _writer = string.Create(CultureInfo.InvariantCulture, $"{Sanitize(Environment.MachineName)}-{Environment.ProcessId}-{Guid.NewGuid():N}");
    }

    /// <summary>This writer's pack file.</summary>
    public string PackPath => Path.Combine(_folder, _writer + ".pack");

    private string IndexPath => Path.Combine(_folder, _writer + ".idx");

    /// <summary>
    /// Every published copy of an entry, newest known first (rescanning the indexes first when none is known): the
    /// caller takes the first that passes its checks and <see cref="Forget"/>s the ones that do not. A copy whose
    /// bytes cannot be read comes back empty (and fails the checks).
    /// </summary>
    public IEnumerable<(byte[] Bytes, string Where)> Read(byte[] digest)
    {
        var key = Convert.ToHexStringLower(digest);
        List<Location> locations;
        lock (_gate)
        {
            if (!_index.TryGetValue(key, out var known) || known.Count == 0)
            {
                if (DateTime.UtcNow - _lastScan < RescanInterval)
                {
                    yield break;
                }

                Scan();
                if (!_index.TryGetValue(key, out known) || known.Count == 0)
                {
                    yield break;
                }
            }

            locations = [.. Enumerable.Reverse(known)];
        }

        foreach (var location in locations)
        {
            yield return (ReadAt(location), location.Describe());
        }
    }

    /// <summary>Forgets one damaged copy of an entry, so that it is never read again by this cache.</summary>
    public void Forget(byte[] digest, string where)
    {
        lock (_gate)
        {
            if (_index.TryGetValue(Convert.ToHexStringLower(digest), out var known))
            {
                known.RemoveAll(l => l.Describe() == where);
            }
        }
    }

    private static byte[] ReadAt(Location location)
    {
        try
        {
            using var stream = new FileStream(location.Pack, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (location.Offset + location.Length > stream.Length)
            {
                return [];
            }

            var bytes = new byte[location.Length];
            stream.Position = location.Offset;
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Queues an entry; <see cref="Publish"/> writes it.</summary>
    public void Append(byte[] digest, byte[] bytes)
    {
        lock (_gate)
        {
            _pending.Add((digest, bytes));
        }
    }

    /// <summary>Writes the queued entries to this writer's pack, flushes them to disk, then publishes their index records.</summary>
    public void Publish()
    {
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            var records = new byte[_pending.Count * RecordLength];
            using (var pack = new FileStream(PackPath, FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete))
            {
                var offset = pack.Position;
                for (var i = 0; i < _pending.Count; i++)
                {
                    var (digest, bytes) = _pending[i];
                    pack.Write(bytes);
                    WriteRecord(records.AsSpan(i * RecordLength, RecordLength), digest, offset, bytes.Length);
                    Add(Convert.ToHexStringLower(digest), new Location(PackPath, offset, bytes.Length));
                    offset += bytes.Length;
                }

                pack.Flush(flushToDisk: true);
            }

            using (var index = new FileStream(IndexPath, FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete))
            {
                index.Write(records);
                index.Flush(flushToDisk: true);
            }

            _scanned[IndexPath] = new FileInfo(IndexPath).Length;
            _pending.Clear();
        }
    }

    /// <summary>Reads what is new in every writer's index (whole, intact records only).</summary>
    private void Scan()
    {
        _lastScan = DateTime.UtcNow;
        foreach (var indexPath in Directory.EnumerateFiles(_folder, "*.idx"))
        {
            var from = _scanned.GetValueOrDefault(indexPath);
            byte[] tail;
            try
            {
                using var stream = new FileStream(indexPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                var whole = (stream.Length - from) / RecordLength * RecordLength;
                if (whole <= 0)
                {
                    continue;
                }

                tail = new byte[whole];
                stream.Position = from;
                stream.ReadExactly(tail);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            var pack = Path.ChangeExtension(indexPath, ".pack");
            var read = 0;
            for (; read + RecordLength <= tail.Length; read += RecordLength)
            {
                if (!TryReadRecord(tail.AsSpan(read, RecordLength), out var digest, out var offset, out var length))
                {
                    break; // torn by a crash: nothing after it is trusted
                }

                Add(digest, new Location(pack, offset, length));
            }

            _scanned[indexPath] = from + read;
        }
    }

    private void Add(string key, Location location)
    {
        if (!_index.TryGetValue(key, out var known))
        {
            _index[key] = known = [];
        }

        if (!known.Contains(location))
        {
            known.Add(location);
        }
    }

    private static void WriteRecord(Span<byte> record, byte[] digest, long offset, int length)
    {
        digest.CopyTo(record);
        BinaryPrimitives.WriteInt64LittleEndian(record[DigestLength..], offset);
        BinaryPrimitives.WriteInt32LittleEndian(record[(DigestLength + 8)..], length);
        SHA256.HashData(record[..(DigestLength + 12)])[..8].CopyTo(record[(DigestLength + 12)..]);
    }

    private static bool TryReadRecord(ReadOnlySpan<byte> record, out string digest, out long offset, out int length)
    {
        digest = Convert.ToHexStringLower(record[..DigestLength]);
        offset = BinaryPrimitives.ReadInt64LittleEndian(record[DigestLength..]);
        length = BinaryPrimitives.ReadInt32LittleEndian(record[(DigestLength + 8)..]);
        return SHA256.HashData(record[..(DigestLength + 12)]).AsSpan(0, 8).SequenceEqual(record[(DigestLength + 12)..]) && offset >= 0 && length > 0;
    }

    private static string Sanitize(string name) =>
        new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_')]);

    private sealed record Location(string Pack, long Offset, int Length)
    {
        public string Describe() => string.Create(CultureInfo.InvariantCulture, $"{Pack}@{Offset}");
    }
}
