using JointDislocation.ML.Data;

namespace JointDislocation.ML.Phantoms;

/// <summary>One file of a <see cref="RealisticCorpus"/>: where it is, how it is encoded and what it shows.</summary>
/// <param name="Path">The file.</param>
/// <param name="Format">PNG, JPEG or GIF.</param>
/// <param name="BitDepth">Bits per sample: 16 for a 16-bit PNG, otherwise 8.</param>
/// <param name="Rgb">Whether the file stores colour (a tinted scan) rather than gray.</param>
/// <param name="Orientation">The EXIF orientation tag written (2–8), or 1 when the file has none.</param>
/// <param name="Width">Stored width in pixels.</param>
/// <param name="Height">Stored height in pixels.</param>
/// <param name="Quality">The JPEG quality, or <see langword="null"/> for other formats.</param>
/// <param name="Joint">The joint shown.</param>
/// <param name="Dislocated">Whether it is dislocated.</param>
public sealed record RealisticCorpusFile(
    string Path,
    ImageFormat Format,
    int BitDepth,
    bool Rgb,
    int Orientation,
    int Width,
    int Height,
    int? Quality,
    Joint Joint,
    bool Dislocated)
{
    /// <summary>The file as a record for training or evaluation, labelled like a phantom.</summary>
    /// <returns>The record.</returns>
    public RadiographRecord ToRecord() => new(Path, Joint, PhantomLabels.For(Dislocated), Dislocated);
}
