namespace JointDislocation.ML.Data;

/// <summary>How <see cref="RadiographDataset.Load(string, DatasetOptions?)"/> reads a folder or a manifest.</summary>
public sealed record DatasetOptions
{
    /// <summary>The default positive label.</summary>
    public const string DefaultPositiveLabel = "dislocated";

    /// <summary>The default negative label.</summary>
    public const string DefaultNegativeLabel = "located";

    /// <summary>The defaults.</summary>
    public static DatasetOptions Default { get; } = new();

    /// <summary>The name of the positive class: a folder name or a manifest <c>label</c> value (case ignored).</summary>
    /// <value><c>dislocated</c>.</value>
    public string PositiveLabel { get; init; } = DefaultPositiveLabel;

    /// <summary>The name of the negative class (case ignored).</summary>
    /// <value><c>located</c>.</value>
    public string NegativeLabel { get; init; } = DefaultNegativeLabel;

    /// <summary>
    /// Only this joint's images: in <c>root/&lt;joint&gt;/&lt;label&gt;</c> folders only that joint's folder, in a
    /// manifest only rows whose <c>joint</c> is this one or empty. Records without a joint are given this one.
    /// </summary>
    /// <value><see langword="null"/>: every joint.</value>
    public Joint? Joint { get; init; }

    /// <summary>Whether the first missing or unreadable image stops loading with an <see cref="InvalidInputException"/>.</summary>
    /// <value><see langword="false"/>: such files are skipped and listed in <see cref="RadiographDataset.Skipped"/>.</value>
    public bool Strict { get; init; }

    /// <summary>
    /// Whether the images carry no label (an archive to score): a folder is read recursively (every visible file
    /// under it, ordinal order of the relative path, label folders or not), and a manifest needs only its
    /// <c>path</c> column (a <c>label</c> column is ignored). Records then have an empty
    /// <see cref="RadiographRecord.Label"/> and are not for training or evaluation.
    /// </summary>
    /// <value><see langword="false"/>.</value>
    public bool Unlabelled { get; init; }

    /// <summary>
    /// Only the files of this part of the listing (<see cref="DataShard.Assign(string, int)"/>); the others are not
    /// opened at all. <see cref="RadiographRecord.ListingIndex"/> still counts every file of the whole listing, and
    /// <see cref="RadiographDataset.ListingFingerprint"/> covers the whole listing, so the parts can be merged.
    /// </summary>
    /// <value><see langword="null"/>: the whole listing.</value>
    public DataShard? Shard { get; init; }

    /// <summary>
    /// Whether manifest paths may be absolute or lead outside the manifest's folder (<c>../</c>). Off by default,
    /// because a manifest downloaded with a dataset should not make the tool read arbitrary files.
    /// </summary>
    /// <value><see langword="false"/>.</value>
    public bool AllowPathsOutsideManifestFolder { get; init; }

    /// <summary>
    /// Whether each image's header is read while loading (format, declared size within <see cref="Decoding"/>'s
    /// limits), so that non-images and decompression bombs are skipped up front. Pixels are not decoded.
    /// </summary>
    /// <value><see langword="true"/>.</value>
    public bool VerifyImageHeaders { get; init; } = true;

    /// <summary>The limits used to verify headers, and later to decode.</summary>
    /// <value><see cref="ImageDecodingOptions.Default"/>.</value>
    public ImageDecodingOptions Decoding { get; init; } = ImageDecodingOptions.Default;

    /// <summary>
    /// Rules that keep only the DICOM files of an archive whose attributes match (all rules must match; see
    /// <see cref="DicomSelectionRule"/>). Files that are not DICOM are kept. What each rule kept and dropped is in
    /// <see cref="RadiographDataset.DicomSelectionCounts"/>; dropped files are not listed as skipped and never stop a
    /// strict load. Needs <see cref="VerifyImageHeaders"/>, which reads the attributes.
    /// </summary>
    /// <value>Empty: every file is kept.</value>
    public IReadOnlyList<DicomSelectionRule> DicomSelection { get; init; } = [];

    /// <summary>Checks every field and reports all problems in one error.</summary>
    /// <exception cref="ArgumentException">One or more fields are invalid; the message lists them all.</exception>
    public void Validate() => OptionsValidator.Validate("dataset options", Collect);

    /// <summary>States every rule of these options on <paramref name="problems"/>.</summary>
    internal void Collect(OptionsValidator problems)
    {
        CheckLabel(PositiveLabel, nameof(PositiveLabel), problems);
        CheckLabel(NegativeLabel, nameof(NegativeLabel), problems);
        if (!string.IsNullOrWhiteSpace(PositiveLabel) && string.Equals(PositiveLabel.Trim(), NegativeLabel?.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"PositiveLabel and NegativeLabel must differ (both '{PositiveLabel}').");
        }

        if (Joint is { } joint && !Enum.IsDefined(joint))
        {
            problems.Add($"Joint {(int)joint} is not a defined joint.");
        }

        if (DicomSelection is null)
        {
            problems.Add($"DicomSelection must not be null (empty keeps every file).");
        }
        else if (DicomSelection.Any(r => r is null))
        {
            problems.Add($"DicomSelection must not contain null.");
        }
        else if (DicomSelection.Count > 0 && !VerifyImageHeaders)
        {
            problems.Add($"DicomSelection needs VerifyImageHeaders, which reads the DICOM attributes it tests.");
        }

        if (Shard is { } shard && (shard.Count < 1 || shard.Count > DataShard.MaxCount || shard.Index < 0 || shard.Index >= shard.Count))
        {
            problems.Add($"Shard must have 0 <= Index < Count <= {DataShard.MaxCount}, got {shard.Index}/{shard.Count}.");
        }

        if (Decoding is null)
        {
            problems.Add($"Decoding must not be null.");
        }
        else
        {
            problems.Nested("Decoding: ", Decoding.Collect);
        }
    }

    /// <summary>Maps a label as written in a folder or manifest to the positive (true) or negative (false) class.</summary>
    internal bool? Classify(string label)
    {
        var trimmed = label.Trim();
        return string.Equals(trimmed, PositiveLabel.Trim(), StringComparison.OrdinalIgnoreCase) ? true
            : string.Equals(trimmed, NegativeLabel.Trim(), StringComparison.OrdinalIgnoreCase) ? false
            : null;
    }

    private static void CheckLabel(string? label, string name, OptionsValidator problems)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            problems.Add($"{name} must not be empty.");
        }
        else if (label.IndexOfAny(['/', '\\', ',', '"']) >= 0 || label.Any(char.IsControl))
        {
            problems.Add($"{name} '{label}' must not contain '/', '\\', ',', '\"' or control characters.");
        }
    }
}
