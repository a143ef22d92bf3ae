using System.Globalization;
using System.Text;

namespace JointDislocation.ML.Phantoms;

/// <summary>
/// Writes a phantom set: <c>&lt;joint&gt;/&lt;label&gt;/&lt;joint&gt;-&lt;label&gt;-NNN.png</c> and <c>manifest.csv</c>, every file
/// atomically, the manifest last. Images are generated in parallel; each image's seed is derived from the set's
/// seed, the joint, the label and the index, so the bytes do not depend on the thread count.
/// </summary>
public static class PhantomSetWriter
{
    /// <summary>The manifest's file name.</summary>
    public const string ManifestFileName = "manifest.csv";

    /// <summary>Generates and writes a phantom set.</summary>
    /// <param name="options">What to write and where.</param>
    /// <param name="progress">Receives the count of images written.</param>
    /// <param name="cancellationToken">Stops the work; files already written stay, the manifest is not written.</param>
    /// <returns>The manifest's path and rows.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    /// <exception cref="IOException">A file could not be written.</exception>
    public static async Task<PhantomSetResult> WriteAsync(PhantomSetOptions options, IProgress<PhantomProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var root = Path.GetFullPath(options.OutputDirectory);
        var jobs = new List<(Joint Joint, bool Dislocated, int Index)>();
        foreach (var joint in options.Joints)
        {
            foreach (var dislocated in new[] { false, true })
            {
                for (var i = 0; i < options.PerClass; i++)
                {
                    jobs.Add((joint, dislocated, i));
                }
            }
        }

        var entries = new PhantomManifestEntry[jobs.Count];
        var completed = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, jobs.Count, parallel, (n, ct) =>
        {
            var (joint, dislocated, index) = jobs[n];
            var label = PhantomLabels.For(dislocated);
            var seed = ImageSeed(options.Seed, joint, dislocated, index);
            var result = PhantomGenerator.Generate(new PhantomOptions { Joint = joint, Dislocated = dislocated, Style = options.Style, Difficulty = options.Difficulty }, seed);
            var relative = string.Create(CultureInfo.InvariantCulture, $"{joint.ToName()}/{label}/{joint.ToName()}-{label}-{index:000}.png");
            ct.ThrowIfCancellationRequested();
            AtomicFile.WriteAllBytes(Path.Combine(root, relative), PhantomCodec.EncodePng(result.Image));
            entries[n] = new PhantomManifestEntry(relative, joint, label, options.Style, result.DisplacementMm, result.Roi, result.Artifacts);
            progress?.Report(new PhantomProgress(Interlocked.Increment(ref completed), jobs.Count));
            return ValueTask.CompletedTask;
        }).ConfigureAwait(false);

        var manifest = new StringBuilder();
        manifest.Append(PhantomManifestEntry.CsvHeader).Append('\n');
        foreach (var entry in entries)
        {
            manifest.Append(entry.ToCsvRow()).Append('\n');
        }

        var manifestPath = Path.Combine(root, ManifestFileName);
        AtomicFile.WriteAllText(manifestPath, manifest.ToString());
        return new PhantomSetResult(manifestPath, entries);
    }

    /// <summary>The seed of one image of a set: depends only on the set's seed, the joint, the label and the index.</summary>
    /// <param name="seed">The set's seed.</param>
    /// <param name="joint">The joint.</param>
    /// <param name="dislocated">The label.</param>
    /// <param name="index">The image's index within its joint and label.</param>
    /// <returns>The seed to pass to <see cref="PhantomGenerator.Generate"/>.</returns>
    public static int ImageSeed(int seed, Joint joint, bool dislocated, int index) =>
        SeedDerivation.Derive(SeedDerivation.Derive(seed, $"phantoms/{joint.ToName()}/{PhantomLabels.For(dislocated)}"), index);
}
