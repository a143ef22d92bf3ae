namespace JointDislocation.ML.Data;

/// <summary>
/// Finds test images that are copies of training images — the leakage that inflates internal AUROC when the same
/// internet radiograph is downloaded twice: byte-identical files by SHA-256, and resized or re-encoded copies by a
/// 64-bit <see cref="PerceptualHash"/> within <see cref="DuplicateFinderOptions.MaxDistance"/> whose 16 × 16 thumbnails
/// also correlate at least <see cref="DuplicateFinderOptions.MinThumbnailCorrelation"/>: the one
/// <see cref="NearCopyRule"/> on each file's <see cref="ImageFingerprint"/>.
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
        List<(string Path, ImageFingerprint Print)> Hash(List<string> paths)
        {
            var result = new List<(string, ImageFingerprint)>(paths.Count);
            foreach (var path in paths)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (ImageFingerprint.TryRead(path, _options.Decoding, out var fingerprint, out _, out var reason))
                {
                    result.Add((Path.GetFullPath(path), fingerprint));
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
                if (NearCopyRule.Classify(t.Print, r.Print, _options.MaxDistance, _options.MinThumbnailCorrelation) is { } kind)
                {
                    var distance = kind == DuplicateKind.Exact ? 0 : PerceptualHash.Distance(t.Print.PerceptualHash, r.Print.PerceptualHash);
                    matches.Add(new DuplicateMatch(t.Path, r.Path, kind, distance));
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
}
