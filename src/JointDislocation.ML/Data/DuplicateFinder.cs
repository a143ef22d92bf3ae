using System.Security.Cryptography;

namespace JointDislocation.ML.Data;

/// <summary>
/// Finds test images that are copies of training images — the leakage that inflates internal AUROC when the same
/// internet radiograph is downloaded twice: byte-identical files by SHA-256, and resized or re-encoded copies by a
/// 64-bit <see cref="PerceptualHash"/> within <see cref="DuplicateFinderOptions.MaxDistance"/> whose 16 × 16 thumbnails
/// also correlate at least <see cref="DuplicateFinderOptions.MinThumbnailCorrelation"/>.
/// </summary>
public sealed class DuplicateFinder
{
    private readonly DuplicateFinderOptions _options;

    /// <summary>Creates a finder.</summary>
    /// <param name="options">Options; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public DuplicateFinder(DuplicateFinderOptions? options = null)
    {
        _options = options ?? DuplicateFinderOptions.Default;
        _options.Validate();
    }

    /// <summary>Compares every test image with every training image.</summary>
    /// <param name="testPaths">The test images.</param>
    /// <param name="trainingPaths">The training images.</param>
    /// <param name="progress">Receives the number of images hashed so far (test and training together).</param>
    /// <param name="cancellationToken">Stops the search between images.</param>
    /// <returns>The matches and the skipped files.</returns>
    /// <exception cref="ArgumentNullException">A path list is null.</exception>
    /// <exception cref="InvalidInputException">In strict mode, an image cannot be read or decoded.</exception>
    /// <exception cref="OperationCanceledException">The search was cancelled.</exception>
    public Task<DuplicateReport> FindAsync(
        IEnumerable<string> testPaths,
        IEnumerable<string> trainingPaths,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(testPaths);
        ArgumentNullException.ThrowIfNull(trainingPaths);
        var test = testPaths.ToList();
        var training = trainingPaths.ToList();
        return Task.Run(() => Find(test, training, progress, cancellationToken), cancellationToken);
    }

    /// <summary>Compares every test image with every training image, on the calling thread.</summary>
    /// <param name="testPaths">The test images.</param>
    /// <param name="trainingPaths">The training images.</param>
    /// <returns>The matches and the skipped files.</returns>
    /// <exception cref="ArgumentNullException">A path list is null.</exception>
    /// <exception cref="InvalidInputException">In strict mode, an image cannot be read or decoded.</exception>
    public DuplicateReport Find(IEnumerable<string> testPaths, IEnumerable<string> trainingPaths)
    {
        ArgumentNullException.ThrowIfNull(testPaths);
        ArgumentNullException.ThrowIfNull(trainingPaths);
        return Find(testPaths.ToList(), trainingPaths.ToList(), null, CancellationToken.None);
    }

    private DuplicateReport Find(List<string> test, List<string> training, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var skipped = new List<SkippedFile>();
        var done = 0;
        List<Fingerprint> Hash(List<string> paths)
        {
            var result = new List<Fingerprint>(paths.Count);
            foreach (var path in paths)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Fingerprint.TryCreate(path, _options, out var fingerprint, out var reason))
                {
                    result.Add(fingerprint);
                }
                else if (_options.Strict)
                {
                    throw new InvalidInputException(Path.GetFullPath(path), null, reason);
                }
                else
                {
                    skipped.Add(new SkippedFile(Path.GetFullPath(path), reason));
                }

                progress?.Report(++done);
            }

            return result;
        }

        var testPrints = Hash(test);
        var trainingPrints = Hash(training);
        var matches = new List<DuplicateMatch>();
        foreach (var t in testPrints)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var r in trainingPrints)
            {
                if (t.Sha256.AsSpan().SequenceEqual(r.Sha256))
                {
                    matches.Add(new DuplicateMatch(t.Path, r.Path, DuplicateKind.Exact, 0));
                    continue;
                }

                var distance = PerceptualHash.Distance(t.Hash, r.Hash);
                if (distance <= _options.MaxDistance && ImageThumbnail.Correlation(t.Thumbnail, r.Thumbnail) >= _options.MinThumbnailCorrelation)
                {
                    matches.Add(new DuplicateMatch(t.Path, r.Path, DuplicateKind.Near, distance));
                }
            }
        }

        var ordered = matches
            .OrderBy(m => m.TestPath, StringComparer.Ordinal)
            .ThenBy(m => m.Kind)
            .ThenBy(m => m.Distance)
            .ThenBy(m => m.TrainingPath, StringComparer.Ordinal)
            .ToList();
        return new DuplicateReport(ordered.AsReadOnly(), skipped.AsReadOnly(), testPrints.Count, trainingPrints.Count);
    }

    private sealed record Fingerprint(string Path, byte[] Sha256, ulong Hash, string Thumbnail)
    {
        public static bool TryCreate(string path, DuplicateFinderOptions options, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Fingerprint? fingerprint, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? reason)
        {
            fingerprint = null;
            byte[] bytes;
            try
            {
                if (!RadiographDecoder.CheckBeforeOpening(path, out reason))
                {
                    return false;
                }

                var info = new FileInfo(path);
                if (info.Length > options.Decoding.MaxFileBytes)
                {
                    reason = $"{info.Length} bytes, above the limit of {options.Decoding.MaxFileBytes}";
                    return false;
                }

                bytes = File.ReadAllBytes(path);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                reason = "cannot be read: " + exception.Message;
                return false;
            }

            // One read serves both hashes, so the exact and the perceptual hash always describe the same bytes.
            if (!RadiographDecoder.TryDecode(bytes, options.Decoding, out var image, out reason))
            {
                return false;
            }

            fingerprint = new Fingerprint(System.IO.Path.GetFullPath(path), SHA256.HashData(bytes), PerceptualHash.Compute(image), ImageThumbnail.Compute(image));
            return true;
        }
    }
}
