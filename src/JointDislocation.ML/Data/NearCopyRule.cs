namespace JointDislocation.ML.Data;

/// <summary>
/// The one rule that says whether a test image copies a training image, used by the <see cref="DuplicateFinder"/>,
/// by model evaluation (against the fingerprints a model bundle keeps) and by the study reproduction.
/// </summary>
/// <remarks>
/// <para>Exact: the files' SHA-256 are equal. Near: the perceptual hashes are within <c>maxDistance</c> bits and the
/// 16 × 16 thumbnails correlate at least <c>minThumbnailCorrelation</c>. The hash alone flags different radiographs
/// of one joint in one view (they share the coarse structure the hash keeps; docs/reliability.md), so a near copy
/// needs both.</para>
/// <para>Where a fingerprint has no thumbnail (a model bundle written before thumbnails existed) a near copy cannot
/// be confirmed and is not reported; only exact copies are. The one exception is a
/// <c>minThumbnailCorrelation</c> of −1, which asks for the hash alone.</para>
/// </remarks>
public static class NearCopyRule
{
    /// <summary>How a test image copies a training image, if it does.</summary>
    /// <param name="test">The test image's fingerprint.</param>
    /// <param name="training">The training image's fingerprint.</param>
    /// <param name="maxDistance">Largest Hamming distance between the hashes that counts as near (0 to 64).</param>
    /// <param name="minThumbnailCorrelation">Least thumbnail correlation that confirms a near copy (−1 to 1; −1
    /// lets the hash alone decide).</param>
    /// <returns><see cref="DuplicateKind.Exact"/>, <see cref="DuplicateKind.Near"/>, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException">A fingerprint is null.</exception>
    public static DuplicateKind? Classify(
        ImageFingerprint test,
        ImageFingerprint training,
        int maxDistance = DuplicateFinderOptions.DefaultMaxDistance,
        double minThumbnailCorrelation = DuplicateFinderOptions.DefaultMinThumbnailCorrelation)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(training);
        if (string.Equals(test.Sha256, training.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            return DuplicateKind.Exact;
        }

        if (PerceptualHash.Distance(test.PerceptualHash, training.PerceptualHash) > maxDistance)
        {
            return null;
        }

        if (minThumbnailCorrelation <= -1)
        {
            return DuplicateKind.Near;
        }

        return test.Thumbnail is { } a && training.Thumbnail is { } b && ImageThumbnail.Correlation(a, b) >= minThumbnailCorrelation
            ? DuplicateKind.Near
            : null;
    }
}
