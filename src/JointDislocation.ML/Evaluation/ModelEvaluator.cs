using JointDislocation.ML.Backbones;
using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;
using JointDislocation.ML.Statistics;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Evaluation;

/// <summary>
/// Scores a test set with a trained model, streaming: images are decoded, featurised and scored a chunk at a time,
/// so a folder of thousands of images never sits in memory at once.
/// </summary>
public static class ModelEvaluator
{
    private const int ChunkSize = 32;

    /// <summary>Threads decoding the next chunk while the backbone runs: all but one core, at least one.</summary>
    private static readonly int DecodeThreads = Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>Scores images and keeps their fingerprints; bad files are skipped (or stop a strict run).</summary>
    /// <param name="model">The model.</param>
    /// <param name="records">The test images.</param>
    /// <param name="strict">Stop at the first bad file with an <see cref="InvalidInputException"/> naming it.</param>
    /// <param name="decoding">Decoding limits; defaults when null.</param>
    /// <param name="progress">(completed, total) images.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The scored images and the skipped files.</returns>
    public static Task<(IReadOnlyList<ScoredImage> Images, IReadOnlyList<SkippedFile> Skipped)> ScoreAsync(
        DislocationModel model,
        IReadOnlyList<RadiographRecord> records,
        bool strict = false,
        ImageDecodingOptions? decoding = null,
        IProgress<(int Completed, int Total)>? progress = null,
        CancellationToken cancellationToken = default) =>
        ScoreAsync(model, records, null, strict, decoding, progress, cancellationToken);

    /// <summary>
    /// Scores images through a feature cache: the backbone's outputs for a file already featurised (by this or
    /// another process sharing the cache) are read instead of computed. Keys are the file's SHA-256, the backbone's
    /// fingerprint, the decoder settings and no augmentation (<see cref="FeatureCacheKey"/>).
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="records">The images.</param>
    /// <param name="cache">The cache, or null to featurise every image.</param>
    /// <param name="strict">Stop at the first bad file with an <see cref="InvalidInputException"/> naming it.</param>
    /// <param name="decoding">Decoding limits; defaults when null.</param>
    /// <param name="progress">(completed, total) images.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The scored images and the skipped files.</returns>
    public static async Task<(IReadOnlyList<ScoredImage> Images, IReadOnlyList<SkippedFile> Skipped)> ScoreAsync(
        DislocationModel model,
        IReadOnlyList<RadiographRecord> records,
        FeatureCache? cache,
        bool strict = false,
        ImageDecodingOptions? decoding = null,
        IProgress<(int Completed, int Total)>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(records);
        var scored = new List<ScoredImage>(records.Count);
        var skipped = new List<SkippedFile>();
        progress?.Report((0, records.Count));
        var cacheIdentity = (decoding ?? ImageDecodingOptions.Default).CacheIdentity();

        // The next chunk is read, decoded and fingerprinted while the backbone runs this one: decoding keeps one core
        // busy in the gaps ONNX Runtime's non-spinning workers leave, without taking a core from it for long
        // (docs/performance.md measures the split).
        var pending = DecodeChunkAsync(records, 0, decoding, cancellationToken);
        try
        {
            for (var start = 0; start < records.Count; start += ChunkSize)
            {
                var decoded = await pending.ConfigureAwait(false);
                var next = start + ChunkSize;
                pending = next < records.Count ? DecodeChunkAsync(records, next, decoding, cancellationToken) : Task.FromResult(Array.Empty<Decoded>());
                var usable = new List<int>();
                for (var i = 0; i < decoded.Length; i++)
                {
                    var record = records[start + i];
                    if (decoded[i].Image is not null)
                    {
                        usable.Add(i);
                    }
                    else if (strict)
                    {
                        throw new InvalidInputException(record.Path, null, decoded[i].Reason!);
                    }
                    else
                    {
                        skipped.Add(new SkippedFile(record.Path, decoded[i].Reason!) { ListingIndex = record.ListingIndex });
                    }
                }

                IReadOnlyList<Prediction> predictions;
                if (cache is null)
                {
                    var images = usable.Select(i => decoded[i].Image!).ToList();
                    predictions = await model.PredictAsync(images, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var requests = usable.Select(i => new FeatureCacheRequest(decoded[i].Print!.Sha256, FeatureCacheKey.Original, () => decoded[i].Image!) { Decoding = cacheIdentity }).ToList();
                    predictions = model.Score(await cache.FeaturizeAsync(model.Backbone, requests, null, cancellationToken).ConfigureAwait(false));
                }

                for (var j = 0; j < usable.Count; j++)
                {
                    scored.Add(new ScoredImage(records[start + usable[j]], predictions[j], decoded[usable[j]].Print!));
                }

                progress?.Report((Math.Min(start + ChunkSize, records.Count), records.Count));
            }
        }
        finally
        {
            // A chunk still decoding when a strict run stops or the run is cancelled finishes before we return.
            await ((Task)pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        return (scored, skipped);
    }

    private static Task<Decoded[]> DecodeChunkAsync(IReadOnlyList<RadiographRecord> records, int start, ImageDecodingOptions? decoding, CancellationToken cancellationToken) =>
        Task.Run(
            () =>
            {
                var decoded = new Decoded[Math.Min(ChunkSize, records.Count - start)];
                Parallel.For(0, decoded.Length, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = DecodeThreads }, i =>
                {
                    // One read gives the pixels scored and the fingerprint, so both always describe the same bytes.
                    decoded[i] = ImageFingerprint.TryRead(records[start + i].Path, decoding, out var print, out var image, out var reason)
                        ? new Decoded(image, print, null)
                        : new Decoded(null, null, reason);
                });
                return decoded;
            },
            cancellationToken);

    /// <summary>Scores a test set and computes every figure.</summary>
    /// <param name="model">The model.</param>
    /// <param name="records">The test images.</param>
    /// <param name="bootstrap">Bootstrap settings, or null for none.</param>
    /// <param name="strict">Stop at the first bad file.</param>
    /// <param name="level">Confidence level.</param>
    /// <param name="progress">(completed, total) images.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The evaluation.</returns>
    /// <exception cref="InvalidInputException">No usable image, or a bad file in strict mode.</exception>
    public static Task<ModelEvaluation> EvaluateAsync(
        DislocationModel model,
        IReadOnlyList<RadiographRecord> records,
        BootstrapOptions? bootstrap = null,
        bool strict = false,
        double level = 0.95,
        IProgress<(int Completed, int Total)>? progress = null,
        CancellationToken cancellationToken = default) =>
        EvaluateAsync(model, records, null, bootstrap, strict, level, progress, cancellationToken);

    /// <summary>Scores a test set through a feature cache (see the cached <c>ScoreAsync</c>) and computes every figure.</summary>
    /// <param name="model">The model.</param>
    /// <param name="records">The test images.</param>
    /// <param name="cache">The feature cache, or null.</param>
    /// <param name="bootstrap">Bootstrap settings, or null for none.</param>
    /// <param name="strict">Stop at the first bad file.</param>
    /// <param name="level">Confidence level.</param>
    /// <param name="progress">(completed, total) images.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The evaluation.</returns>
    /// <exception cref="InvalidInputException">No usable image, or a bad file in strict mode.</exception>
    public static async Task<ModelEvaluation> EvaluateAsync(
        DislocationModel model,
        IReadOnlyList<RadiographRecord> records,
        FeatureCache? cache,
        BootstrapOptions? bootstrap = null,
        bool strict = false,
        double level = 0.95,
        IProgress<(int Completed, int Total)>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var (images, skipped) = await ScoreAsync(model, records, cache, strict, null, progress, cancellationToken).ConfigureAwait(false);
        if (images.Count == 0)
        {
            throw new InvalidInputException(records.Count == 0
                ? "None of the 0 test images could be used."
                : $"None of the {records.Count} test images could be used ({SkippedFile.Summarize(skipped)}).");
        }

        return Summarize(images, skipped, model.Threshold, CopiesOfTraining(model.Manifest.TrainingImages, images),
            !model.Manifest.TrainingFingerprintsOmitted, bootstrap, level, cancellationToken);
    }

    /// <summary>
    /// Every figure of an evaluation from images already scored — in one process by <c>ScoreAsync</c>, or by
    /// the shards of an array job and merged back into input order: the same images in the same order give the same
    /// figures, intervals and bootstrap draws.
    /// </summary>
    /// <param name="images">The scored images, in input order.</param>
    /// <param name="skipped">Files that could not be scored, in input order.</param>
    /// <param name="threshold">The model's operating threshold.</param>
    /// <param name="duplicatesOfTraining">Test paths that are copies of training images (<see cref="CopiesOfTraining"/>), in input order.</param>
    /// <param name="leakageChecked">Whether the model kept training fingerprints to check against.</param>
    /// <param name="bootstrap">Bootstrap settings, or null for none.</param>
    /// <param name="level">Confidence level.</param>
    /// <param name="cancellationToken">Stops the bootstrap.</param>
    /// <returns>The evaluation.</returns>
    /// <exception cref="ArgumentNullException">A list is null.</exception>
    /// <exception cref="InvalidInputException">No usable image.</exception>
    public static ModelEvaluation Summarize(
        IReadOnlyList<ScoredImage> images,
        IReadOnlyList<SkippedFile> skipped,
        double threshold,
        IReadOnlyList<string> duplicatesOfTraining,
        bool leakageChecked,
        BootstrapOptions? bootstrap = null,
        double level = 0.95,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(skipped);
        ArgumentNullException.ThrowIfNull(duplicatesOfTraining);
        if (images.Count == 0)
        {
            throw new InvalidInputException($"None of the {skipped.Count} test images could be used.");
        }

        var labels = images.Select(i => i.Record.IsPositive).ToList();
        var scores = images.Select(i => i.Prediction.Probability).ToList();
        return new ModelEvaluation(
            images,
            RocStatistics.Evaluate(labels, scores, level, bootstrap, cancellationToken),
            RocCurve.Compute(labels, scores),
            ConfusionMetrics.At(labels, scores, threshold, level),
            Calibration.Compute(labels, scores),
            duplicatesOfTraining,
            skipped)
        {
            LeakageChecked = leakageChecked,
        };
    }

    /// <summary>
    /// Test images that are copies of training images by the one <see cref="NearCopyRule"/>: the same bytes, or a
    /// perceptual hash within <paramref name="maxDistance"/> bits of a training image's whose 16 × 16 thumbnail also
    /// correlates at least <paramref name="minCorrelation"/> with it. The hash alone flags different radiographs of
    /// one joint in one view (docs/reliability.md), so where the bundle has no thumbnails (an older bundle) only
    /// exact copies are found.
    /// </summary>
    /// <param name="training">The training fingerprints from the model bundle.</param>
    /// <param name="test">The scored test images.</param>
    /// <param name="maxDistance">Largest Hamming distance that counts as a near copy.</param>
    /// <param name="minCorrelation">Least thumbnail correlation that confirms a near copy; −1 lets the hash alone decide.</param>
    /// <returns>The test paths, in test order.</returns>
    /// <exception cref="ArgumentNullException">A list is null.</exception>
    /// <exception cref="FormatException">A stored perceptual hash is not hex.</exception>
    public static IReadOnlyList<string> CopiesOfTraining(
        IReadOnlyList<TrainingImageFingerprint> training,
        IReadOnlyList<ScoredImage> test,
        int maxDistance = DuplicateFinderOptions.DefaultMaxDistance,
        double minCorrelation = DuplicateFinderOptions.DefaultMinThumbnailCorrelation)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(test);
        var prints = training.Select(t => t.ToImageFingerprint()).ToArray();
        return test
            .Where(t => prints.Any(p => NearCopyRule.Classify(t.Fingerprint, p, maxDistance, minCorrelation) is not null))
            .Select(t => t.Record.Path)
            .ToList();
    }

    private readonly record struct Decoded(GrayImage? Image, ImageFingerprint? Print, string? Reason);
}
