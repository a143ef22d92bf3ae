using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Backbones;

/// <summary>
/// One image to featurize through a <see cref="FeatureCache"/>: its content hash and augmentation draw, and how to
/// get its pixels — called only on a cache miss, so a rerun on the same data skips decoding too.
/// </summary>
/// <param name="ImageSha256">SHA-256 (hex) of the image content (see <see cref="FeatureCacheKey.HashBytes"/>).</param>
/// <param name="AugmentationDraw">Which augmented copy (<see cref="FeatureCacheKey.Original"/> for none).</param>
/// <param name="LoadImage">Produces the (augmented) image on a miss.</param>
public sealed record FeatureCacheRequest(string ImageSha256, string AugmentationDraw, Func<GrayImage> LoadImage)
{
    /// <summary>
    /// The decoder settings the image is decoded with (<see cref="ImageDecodingOptions.CacheIdentity"/>); part of
    /// the key, so features decoded under other settings are never served.
    /// </summary>
    /// <value>Default <see cref="FeatureCacheKey.InMemory"/>.</value>
    public string Decoding { get; init; } = FeatureCacheKey.InMemory;

    /// <summary>A request for an image already in memory, keyed by its pixels.</summary>
    /// <param name="image">The image.</param>
    /// <param name="augmentationDraw">Which augmented copy it is.</param>
    /// <returns>The request.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
    public static FeatureCacheRequest ForImage(GrayImage image, string augmentationDraw = FeatureCacheKey.Original)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new FeatureCacheRequest(FeatureCacheKey.HashImage(image), augmentationDraw, () => image);
    }
}
