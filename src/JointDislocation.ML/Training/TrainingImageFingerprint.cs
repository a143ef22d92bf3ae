using System.Globalization;
using JointDislocation.ML.Data;

namespace JointDislocation.ML.Training;

/// <summary>
/// What a model bundle remembers of each training image, so that a later test set can be checked for copies of it
/// without the training files: the stored form of an <see cref="ImageFingerprint"/>. No path, file name or other
/// attribute of the file is kept (docs/privacy.md); bundles written before that kept a <c>path</c> field, which is
/// ignored on loading.
/// </summary>
/// <param name="Sha256">SHA-256 of the file's bytes, lower-case hex.</param>
/// <param name="PerceptualHash">64-bit DCT perceptual hash of the decoded image, hex.</param>
public sealed record TrainingImageFingerprint(string Sha256, string PerceptualHash)
{
    /// <summary>
    /// A 16 × 16 thumbnail of the decoded image (512 hex digits), the second check behind the perceptual hash: a near
    /// copy must also correlate with it pixel for pixel. Null in bundles written before it existed, where only exact
    /// copies can be found (<see cref="NearCopyRule"/>).
    /// </summary>
    public string? Thumbnail { get; init; }

    /// <summary>The stored form of a fingerprint.</summary>
    /// <param name="fingerprint">The fingerprint.</param>
    /// <returns>The stored form.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="fingerprint"/> is null.</exception>
    public static TrainingImageFingerprint From(ImageFingerprint fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        return new TrainingImageFingerprint(fingerprint.Sha256, fingerprint.PerceptualHashHex) { Thumbnail = fingerprint.Thumbnail };
    }

    /// <summary>The fingerprint the <see cref="NearCopyRule"/> compares.</summary>
    /// <returns>The fingerprint.</returns>
    /// <exception cref="FormatException">The stored perceptual hash is not hex.</exception>
    public ImageFingerprint ToImageFingerprint() =>
        new(Sha256, ulong.Parse(PerceptualHash, NumberStyles.HexNumber, CultureInfo.InvariantCulture), Thumbnail);
}
