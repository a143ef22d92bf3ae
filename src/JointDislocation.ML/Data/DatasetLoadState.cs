namespace JointDislocation.ML.Data;

/// <summary>What a loader has gathered so far, and the one place where skip-or-stop is decided.</summary>
internal sealed class DatasetLoadState
{
    public DatasetLoadState(DatasetOptions options)
    {
        Options = options;
    }

    public DatasetOptions Options { get; }

    public List<RadiographRecord> Records { get; } = [];

    public List<SkippedFile> Skipped { get; } = [];

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
            Skip(record.Path, reason, record.Source);
        }
    }

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
