using System.Security.Cryptography;
using System.Text;

namespace JointDislocation.ML.Data;

/// <summary>What a loader has gathered so far, and the one place where skip-or-stop is decided.</summary>
internal sealed class DatasetLoadState
{
    private readonly IncrementalHash _listing = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private string? _fingerprint;

    public DatasetLoadState(DatasetOptions options, string root)
    {
        Options = options;
        Root = root;
        _listing.AppendData(Encoding.UTF8.GetBytes("jdml-listing-v1\n" + root + "\n"));
    }

    public DatasetOptions Options { get; }

    /// <summary>The folder that listing paths are relative to: the data folder, or the manifest's folder.</summary>
    public string Root { get; }

    public List<RadiographRecord> Records { get; } = [];

    public List<SkippedFile> Skipped { get; } = [];

    /// <summary>How many files the whole listing has named so far (in every shard).</summary>
    public int ListingCount { get; private set; }

    /// <summary>SHA-256 (hex) of the root and of every listed relative path in order; see <see cref="RadiographDataset.ListingFingerprint"/>.</summary>
    public string ListingFingerprint => _fingerprint ??= Convert.ToHexStringLower(_listing.GetHashAndReset());

    /// <summary>
    /// Counts a file of the listing and says whether it belongs to the shard being loaded; a file outside the shard
    /// is not opened. Every file the loader names must pass through here once, in listing order.
    /// </summary>
    public bool Admit(string path, out int listingIndex)
    {
        var relative = DataShard.NormalizeRelativePath(Path.GetRelativePath(Root, path));
        _listing.AppendData(Encoding.UTF8.GetBytes(relative + "\n"));
        listingIndex = ListingCount++;
        return Options.Shard is not { } shard || shard.Contains(relative);
    }

    /// <summary>Adds the record when its file exists (and its header is acceptable); otherwise skips or throws.</summary>
    public void Add(RadiographRecord record)
    {
        string? reason = null;
        if (!File.Exists(record.Path))
        {
            RadiographDecoder.CheckBeforeOpening(record.Path, out reason);
        }
        else if (Options.VerifyImageHeaders)
        {
            RadiographDecoder.TryReadHeader(record.Path, Options.Decoding, out _, out reason);
        }

        if (reason is null)
        {
            Records.Add(record);
        }
        else
        {
            Skip(record.Path, reason, record.Source, record.ListingIndex);
        }
    }

    public void Skip(string path, string reason, RadiographSource source, int listingIndex)
    {
        if (Options.Strict)
        {
            throw source.Row is { } row
                ? new InvalidInputException(source.Origin, row, $"{path}: {reason}")
                : new InvalidInputException(path, null, reason);
        }

        Skipped.Add(new SkippedFile(path, source.Row is { } r ? $"{reason} (row {r} of {source.Origin})" : reason) { ListingIndex = listingIndex });
    }
}
