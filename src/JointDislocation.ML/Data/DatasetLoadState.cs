namespace JointDislocation.ML.Data;

/// <summary>What a loader has gathered so far, and the one place where skip-or-stop is decided.</summary>
internal sealed class DatasetLoadState
{
    public DatasetLoadState(DatasetOptions options)
    {
        Options = options;
        _selection = new (int, int)[options.DicomSelection.Count];
    }

    public DatasetOptions Options { get; }

    public List<RadiographRecord> Records { get; } = [];

    public List<SkippedFile> Skipped { get; } = [];

    /// <summary>Warnings about files that were kept (a multi-frame DICOM file of which only the first frame is read).</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>Files that are not DICOM, kept without testing the selection rules.</summary>
    public int NotDicomKept { get; private set; }

    private readonly (int Kept, int Dropped)[] _selection;

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
            Skip(record.Path, reason, record.Source);
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

    public void Skip(string path, string reason, RadiographSource source)
    {
        if (Options.Strict)
        {
            throw source.Row is { } row
                ? new InvalidInputException(source.Origin, row, $"{path}: {reason}")
                : new InvalidInputException(path, null, reason);
        }

        Skipped.Add(new SkippedFile(path, source.Row is { } r ? $"{reason} (row {r} of {source.Origin})" : reason));
    }
}
