using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Data;

/// <summary>
/// One labelled radiograph of a dataset: where the file is, which joint, which class, and — when a manifest gives
/// them — the patient (group) it belongs to, the phantom style and displacement, the joint's region of interest and
/// the boxes of burned-in artefacts (used by the saliency checks).
/// </summary>
/// <param name="Path">The image file, as a full path.</param>
/// <param name="Joint">The joint, when known.</param>
/// <param name="Label">The class name, as configured (for example <c>dislocated</c> or <c>located</c>).</param>
/// <param name="IsPositive">Whether <paramref name="Label"/> is the positive class.</param>
public sealed record RadiographRecord(string Path, Joint? Joint, string Label, bool IsPositive)
{
    /// <summary>
    /// The record's position in its whole data listing (every file a folder or manifest names, whether used, skipped
    /// or in another shard), so that the outputs of shards merge back into input order.
    /// </summary>
    /// <value>-1 for records made in code.</value>
    public int ListingIndex { get; init; } = -1;

    /// <summary>Whether the record has a label (records of an unlabelled archive have an empty <see cref="Label"/>).</summary>
    public bool IsLabelled => Label.Length > 0;

    /// <summary>The patient or group the image belongs to; all images of a group stay on one side of a split.</summary>
    /// <value><see langword="null"/> when unknown; each image is then its own group.</value>
    public string? GroupId { get; init; }

    /// <summary>Where the record was found.</summary>
    /// <value><see cref="RadiographSource.InMemory"/> unless a loader sets it.</value>
    public RadiographSource Source { get; init; } = RadiographSource.InMemory;

    /// <summary>The image style of a phantom or a tagged real image, for example <c>internet</c> or <c>hospital</c>.</summary>
    /// <value><see langword="null"/> when not given.</value>
    public string? Style { get; init; }

    /// <summary>How far the joint is displaced (phantoms: in units documented by the generator).</summary>
    /// <value><see langword="null"/> when not given.</value>
    public double? Displacement { get; init; }

    /// <summary>The joint's region of interest in pixels of the image.</summary>
    /// <value><see langword="null"/> when not given.</value>
    public PixelBox? RegionOfInterest { get; init; }

    /// <summary>Boxes of burned-in artefacts (text, markers, arrows) in pixels of the image.</summary>
    /// <value>Empty when none are given.</value>
    public IReadOnlyList<PixelBox> Artifacts { get; init; } = [];

    /// <summary>
    /// The patient a DICOM file's header names (<c>patient:</c> and its Patient ID, else <c>study:</c> and its Study
    /// Instance UID), set by the loaders. In memory only: internal, so no public API, printout or serialiser reaches
    /// it, and nothing writes it. Groups splits when <see cref="GroupId"/> is not given.
    /// </summary>
    internal string? DicomPatientKey { get; init; }

    /// <summary>The key that keeps a patient's images on one side of a split, or <see langword="null"/> when unknown.</summary>
    internal string? PatientKey => GroupId is { } id ? "g:" + id : DicomPatientKey is { } key ? "d:" + key : null;
}
