namespace JointDislocation.ML.Data;

/// <summary>
/// A labelled set of radiographs, read from a folder (<c>root/&lt;label&gt;/*</c> or
/// <c>root/&lt;joint&gt;/&lt;label&gt;/*</c>) or a CSV manifest, with the files that were skipped and why.
/// Immutable. Images are not decoded here; use <see cref="RadiographDecoder"/> on <see cref="RadiographRecord.Path"/>.
/// </summary>
public sealed class RadiographDataset
{
    /// <summary>Creates a dataset from records made in code.</summary>
    /// <param name="records">The records.</param>
    /// <param name="positiveLabel">The positive class name.</param>
    /// <param name="negativeLabel">The negative class name.</param>
    /// <param name="skipped">Files that were left out, if any.</param>
    /// <param name="source">Where the records came from (a folder or manifest path), if anywhere.</param>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> or a label is null.</exception>
    public RadiographDataset(
        IEnumerable<RadiographRecord> records,
        string positiveLabel = DatasetOptions.DefaultPositiveLabel,
        string negativeLabel = DatasetOptions.DefaultNegativeLabel,
        IEnumerable<SkippedFile>? skipped = null,
        string? source = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(positiveLabel);
        ArgumentNullException.ThrowIfNull(negativeLabel);
        Records = records.ToList().AsReadOnly();
        if (Records.Any(r => r is null))
        {
            throw new ArgumentException("Records must not contain null.", nameof(records));
        }

        Skipped = (skipped ?? []).ToList().AsReadOnly();
        PositiveLabel = positiveLabel;
        NegativeLabel = negativeLabel;
        Source = source ?? string.Empty;
        PositiveCount = Records.Count(r => r.IsPositive);
    }

    /// <summary>The folder or manifest the dataset was read from (full path); empty for datasets made in code.</summary>
    public string Source { get; }

    /// <summary>
    /// SHA-256 (hex) of the data root's full path and of every file the folder or manifest names, as normalized
    /// relative paths in listing order (<see cref="DataShard.NormalizeRelativePath"/>): the same for every shard of
    /// one listing, different when a file is added, removed or renamed. Names only: file contents are not read.
    /// </summary>
    /// <value>Empty for datasets made in code.</value>
    public string ListingFingerprint { get; init; } = string.Empty;

    /// <summary>How many files the whole listing names (in every shard; used, skipped or not).</summary>
    /// <value>0 for datasets made in code.</value>
    public int ListingCount { get; init; }

    /// <summary>The folder that listing paths are relative to: the data folder, or the manifest's folder.</summary>
    /// <value>Empty for datasets made in code.</value>
    public string ListingRoot { get; init; } = string.Empty;

    /// <summary>The records, in a stable order: manifest order, or joint, positive then negative, file name.</summary>
    public IReadOnlyList<RadiographRecord> Records { get; }

    /// <summary>Files that were left out (missing, not an image, refused by the limits), with reasons.</summary>
    public IReadOnlyList<SkippedFile> Skipped { get; }

    /// <summary>
    /// Warnings about files that were kept, one line each naming the file: a multi-frame DICOM file, of which only
    /// the first frame is read.
    /// </summary>
    /// <value>Empty when there is nothing to say.</value>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>What each of <see cref="DatasetOptions.DicomSelection"/>'s rules kept and dropped, in the options' order.</summary>
    /// <value>Empty when no rule was given.</value>
    public IReadOnlyList<DicomSelectionCount> DicomSelectionCounts { get; init; } = [];

    /// <summary>Files that are not DICOM, kept without testing <see cref="DatasetOptions.DicomSelection"/>'s rules.</summary>
    /// <value>0 when no rule was given.</value>
    public int DicomSelectionNotDicom { get; init; }

    /// <summary>The positive class name.</summary>
    public string PositiveLabel { get; }

    /// <summary>The negative class name.</summary>
    public string NegativeLabel { get; }

    /// <summary>How many records are positive.</summary>
    public int PositiveCount { get; }

    /// <summary>How many records are negative.</summary>
    public int NegativeCount => Records.Count - PositiveCount;

    /// <summary>The joints present, in <see cref="JointNames.All"/> order.</summary>
    public IReadOnlyList<Joint> Joints => JointNames.All.Where(j => Records.Any(r => r.Joint == j)).ToList();

    /// <summary>
    /// Loads a dataset from a folder or a <c>.csv</c> manifest: the one entry point behind <c>--data DIR|CSV</c>.
    /// </summary>
    /// <param name="path">A folder, or a manifest file ending in <c>.csv</c>.</param>
    /// <param name="options">Labels, joint, strictness, path rules and limits; <see langword="null"/> for the defaults.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="InvalidInputException">
    /// The path does not exist or is neither a folder nor a CSV file; the layout or a manifest row is invalid
    /// (unknown labels are listed; absolute or escaping paths are refused); or, in strict mode, a file is missing or
    /// not an acceptable image.
    /// </exception>
    public static RadiographDataset Load(string path, DatasetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return LoadFolder(full, options);
        }

        if (File.Exists(full))
        {
            return string.Equals(Path.GetExtension(full), ".csv", StringComparison.OrdinalIgnoreCase)
                ? LoadManifest(full, options)
                : throw new InvalidInputException(full, null, "expected a folder of images or a .csv manifest");
        }

        throw new InvalidInputException(full, null, "no such folder or file");
    }

    /// <summary>Loads a folder laid out as <c>root/&lt;label&gt;/*</c> or <c>root/&lt;joint&gt;/&lt;label&gt;/*</c>.</summary>
    /// <param name="root">The folder.</param>
    /// <param name="options">Options; <see langword="null"/> for the defaults.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="root"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="InvalidInputException">The folder is missing or its layout is not one of the two; in strict mode, a bad file.</exception>
    public static RadiographDataset LoadFolder(string root, DatasetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        options ??= DatasetOptions.Default;
        options.Validate();
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (!Directory.Exists(full))
        {
            throw new InvalidInputException(full, null, "no such folder");
        }

        var state = new DatasetLoadState(options, full);
        FolderLoader.Load(full, state);
        return FromState(state, full);
    }

    /// <summary>
    /// Loads a CSV manifest with the columns <c>path,joint,label,style,displacement,roiX,roiY,roiWidth,roiHeight,artifacts</c>
    /// (only <c>path</c> and <c>label</c> required; optional <c>patient</c> or <c>group</c>), streaming its rows.
    /// </summary>
    /// <param name="manifestPath">The manifest; its paths are relative to its folder.</param>
    /// <param name="options">Options; <see langword="null"/> for the defaults.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="manifestPath"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="InvalidInputException">The manifest is missing or a row is invalid (naming the manifest and the row); in strict mode, a bad file.</exception>
    public static RadiographDataset LoadManifest(string manifestPath, DatasetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(manifestPath);
        options ??= DatasetOptions.Default;
        options.Validate();
        var full = Path.GetFullPath(manifestPath);
        if (!File.Exists(full))
        {
            throw new InvalidInputException(full, null, "no such manifest file");
        }

        // Size 0 is also what a FIFO or a device reports; reading one would wait forever.
        if (new FileInfo(full).Length == 0)
        {
            throw new InvalidInputException(full, null, "empty manifest (a header with at least 'path' and 'label' is required)");
        }

        var state = new DatasetLoadState(options, Path.GetDirectoryName(full) ?? Path.GetPathRoot(full) ?? ".");
        try
        {
            ManifestLoader.Load(full, state);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException(full, null, "cannot be read: " + exception.Message, exception);
        }

        return FromState(state, full);
    }

    private static RadiographDataset FromState(DatasetLoadState state, string source) =>
        new(state.Records, state.Options.PositiveLabel, state.Options.NegativeLabel, state.Skipped, source)
        {
            Warnings = state.Warnings.AsReadOnly(),
            DicomSelectionCounts = state.SelectionSummary(),
            DicomSelectionNotDicom = state.NotDicomKept,
            ListingFingerprint = state.ListingFingerprint,
            ListingCount = state.ListingCount,
            ListingRoot = state.Root,
        };

    /// <summary>The records of one joint, as a new dataset with the same labels and skipped files.</summary>
    /// <param name="joint">The joint.</param>
    /// <returns>A dataset with only that joint's records.</returns>
    public RadiographDataset ForJoint(Joint joint) =>
        new(Records.Where(r => r.Joint == joint), PositiveLabel, NegativeLabel, Skipped, Source)
        {
            Warnings = Warnings,
            DicomSelectionCounts = DicomSelectionCounts,
            DicomSelectionNotDicom = DicomSelectionNotDicom,
            ListingFingerprint = ListingFingerprint,
            ListingCount = ListingCount,
            ListingRoot = ListingRoot,
        };
}
