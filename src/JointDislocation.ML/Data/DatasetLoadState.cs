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
        _selection = new (int, int)[options.DicomSelection.Count];
        Root = root;
        _listing.AppendData(Encoding.UTF8.GetBytes("jdml-listing-v1\n" + root + "\n"));
    }

    public DatasetOptions Options { get; }

    /// <summary>The folder that listing paths are relative to: the data folder, or the manifest's folder.</summary>
    public string Root { get; }

    public List<RadiographRecord> Records { get; } = [];

    public List<SkippedFile> Skipped { get; } = [];

    /// <summary>Warnings about files that were kept (a multi-frame DICOM file of which only the first frame is read).</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>Files that are not DICOM, kept without testing the selection rules.</summary>
    public int NotDicomKept { get; private set; }

    private readonly (int Kept, int Dropped)[] _selection;

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
        DicomHeader? dicom = null;
        if (!File.Exists(record.Path))
        {
            RadiographDecoder.CheckBeforeOpening(record.Path, out reason);
        }
        else if (Options.VerifyImageHeaders)
        {
            RadiographDecoder.TryReadHeader(record.Path, Options.Decoding, out _, out dicom, out reason);
        }

        if (reason is not null)
        {
            Skip(record.Path, reason, record.Source, record.ListingIndex);
            return;
        }

        if (dicom is null)
        {
            NotDicomKept += Options.DicomSelection.Count > 0 ? 1 : 0;
            Records.Add(record);
            return;
        }

        // Every rule is tested on every DICOM file, so that each rule's counts stand on their own.
        var kept = true;
        for (var i = 0; i < Options.DicomSelection.Count; i++)
        {
            var match = Options.DicomSelection[i].Matches(dicom.SelectionAttributes);
            _selection[i] = match ? (_selection[i].Kept + 1, _selection[i].Dropped) : (_selection[i].Kept, _selection[i].Dropped + 1);
            kept &= match;
        }

        if (!kept)
        {
            return;
        }

        if (dicom.Frames > 1)
        {
            Warnings.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{record.Path}: multi-frame DICOM ({dicom.Frames} frames); only the first frame is read"));
        }

        // Patient ID (else Study Instance UID) stays in memory, on the record, for grouping splits.
        var patient = dicom.PatientId is { } id ? "patient:" + id : dicom.StudyInstanceUid is { } uid ? "study:" + uid : null;
        Records.Add(record with { DicomPatientKey = patient });
    }

    /// <summary>What each selection rule kept and dropped, in the options' order.</summary>
    public IReadOnlyList<DicomSelectionCount> SelectionSummary() =>
        Options.DicomSelection.Select((rule, i) => new DicomSelectionCount(rule.ToString(), _selection[i].Kept, _selection[i].Dropped)).ToList().AsReadOnly();

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
