namespace JointDislocation.ML.Training;

/// <summary>
/// What a model bundle remembers of each training image, so that a later test set can be checked for copies of it
/// without the training files: the file's SHA-256 and a perceptual hash that survives resizing and re-encoding.
/// </summary>
/// <param name="Path">The training file's path as it was given.</param>
/// <param name="Sha256">SHA-256 of the file's bytes, lower-case hex.</param>
/// <param name="PerceptualHash">64-bit DCT perceptual hash of the decoded image, hex.</param>
public sealed record TrainingImageFingerprint(string Path, string Sha256, string PerceptualHash)
{
    /// <summary>
    /// A 16 × 16 thumbnail of the decoded image (512 hex digits), the second check behind the perceptual hash: a near
    /// copy must also correlate with it pixel for pixel. Null in bundles written before it existed, where the hash
    /// alone decides.
    /// </summary>
    public string? Thumbnail { get; init; }
}
