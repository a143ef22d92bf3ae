using JointDislocation.ML.Augmentation;
using JointDislocation.ML.Backbones;
using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Training;

/// <summary>
/// The pooled backbone features of every image and augmentation draw a training run needs, computed once and shared
/// by every head and fold. Identical (image, draw) pairs — the original image under several modes — are featurised
/// once.
/// </summary>
internal sealed class FeatureTable
{
    private const int ChunkSize = 64;

    private readonly Dictionary<(string Image, string Draw), float[]> _features;

    private FeatureTable(Dictionary<(string Image, string Draw), float[]> features, IReadOnlyList<string> imageHashes)
    {
        _features = features;
        ImageHashes = imageHashes;
    }

    /// <summary>SHA-256 of each decoded image's pixels (the feature cache's image key).</summary>
    public IReadOnlyList<string> ImageHashes { get; }

    public float[] Get(int image, AugmentationDraw draw) => _features[(ImageHashes[image], DrawKey(draw))];

    public static async Task<FeatureTable> BuildAsync(
        IReadOnlyList<GrayImage> images,
        IEnumerable<AugmentationPlanEntry> entries,
        IImageBackbone backbone,
        FeatureCache? cache,
        ImageDecodingOptions decoding,
        IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken)
    {
        var hashes = images.Select(FeatureCacheKey.HashImage).ToList();
        var decodingIdentity = decoding.CacheIdentity();
        var unique = new List<(int Image, AugmentationDraw Draw)>();
        var seen = new HashSet<(string, string)>();
        foreach (var entry in entries)
        {
            if (seen.Add((hashes[entry.ImageIndex], DrawKey(entry.Draw))))
            {
                unique.Add((entry.ImageIndex, entry.Draw));
            }
        }

        var features = new Dictionary<(string, string), float[]>(unique.Count);
        progress?.Report(new TrainingProgress("featurize", 0, unique.Count));
        for (var start = 0; start < unique.Count; start += ChunkSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = unique.Skip(start).Take(ChunkSize).ToList();
            BackboneOutput[] outputs;
            if (cache is null)
            {
                // Augmentation is CPU work of its own; each image is independent, so results do not depend on scheduling.
                var batch = new GrayImage[chunk.Count];
                Parallel.For(0, chunk.Count, new ParallelOptions { CancellationToken = cancellationToken },
                    i => batch[i] = Render(images[chunk[i].Image], chunk[i].Draw));
                outputs = await backbone.FeaturizeAsync(batch, progress: null, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var requests = chunk
                    .Select(c => new FeatureCacheRequest(hashes[c.Image], DrawKey(c.Draw), () => Render(images[c.Image], c.Draw)) { Decoding = decodingIdentity })
                    .ToList();
                outputs = await cache.FeaturizeAsync(backbone, requests, progress: null, cancellationToken).ConfigureAwait(false);
            }

            for (var i = 0; i < chunk.Count; i++)
            {
                features[(hashes[chunk[i].Image], DrawKey(chunk[i].Draw))] = outputs[i].PooledToArray();
            }

            progress?.Report(new TrainingProgress("featurize", Math.Min(start + ChunkSize, unique.Count), unique.Count));
        }

        return new FeatureTable(features, hashes);
    }

    private static GrayImage Render(GrayImage image, AugmentationDraw draw) =>
        draw.Id == AugmentationDraw.IdentityId ? image : draw.Apply(image);

    private static string DrawKey(AugmentationDraw draw) =>
        draw.Id == AugmentationDraw.IdentityId ? FeatureCacheKey.Original : draw.Id;
}
