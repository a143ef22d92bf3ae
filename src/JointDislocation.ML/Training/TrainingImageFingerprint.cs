using System.Globalization;
using JointDislocation.ML.Data;

namespace JointDislocation.ML.Training;

/// <summary>
/// What a model bundle remembers of each training image, so that a later test set can be checked for copies of it
/// without the training files: the stored form of an <see cref="ImageFingerprint"/> with the file's path.
/// </summary>
/// <param name="Path">The training file's path as it was given.</param>
/// <param name="Sha256">SHA-256 of the file's bytes, lower-case hex.</param>
/// <param name="PerceptualHash">64-bit DCT perceptual hash of the decoded image, hex.</param>
public sealed record TrainingImageFingerprint(string Path, string Sha256, string PerceptualHash)
{
    /// <summary>
    /// A 16 × 16 thumbnail of the decoded image (512 hex digits), the second check behind the perceptual hash: a near
    /// copy must also correlate with it pixel for pixel. Null in bundles written before it existed, where only exact
    /// copies can be found (<see cref="NearCopyRule"/>).
    /// </summary>
    public string? Thumbnail { get; init; }

    /// <summary>The stored form of a fingerprint.</summary>
    /// <param name="path">The training file's path as it was given.</param>
    /// <param name="fingerprint">The fingerprint.</param>
    /// <returns>The stored form.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static TrainingImageFingerprint From(string path, ImageFingerprint fingerprint)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(fingerprint);
        return new TrainingImageFingerprint(path, fingerprint.Sha256, fingerprint.PerceptualHashHex) { Thumbnail = fingerprint.Thumbnail };
    }

    /// <summary>The fingerprint the <see cref="NearCopyRule"/> compares.</summary>
    /// <returns>The fingerprint.</returns>
    /// <exception cref="FormatException">The stored perceptual hash is not hex.</exception>
    public ImageFingerprint ToImageFingerprint() =>
        new(Sha256, ulong.Parse(PerceptualHash, NumberStyles.HexNumber, CultureInfo.InvariantCulture), Thumbnail);
}
