using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Saliency;

/// <summary>
/// Occlusion sensitivity (Zeiler and Fergus, 2014): slide a patch over the image, fill it with a baseline, score
/// every occluded copy, and record how much the positive-class score drops. It needs only forward passes, so it
/// works for any model — linear heads, trees, or a whole network behind a delegate.
/// </summary>
/// <remarks>
/// Patch positions step by <see cref="OcclusionSensitivityOptions.Stride"/> from the top-left corner, and a last
/// position is added flush with the right and bottom edges so that every pixel is covered. The cost is one forward
/// pass per position: a 224×224 image with 16-pixel patches at stride 8 needs 27 × 27 = 729 passes.
/// </remarks>
public sealed class OcclusionSensitivity
{
    private readonly OcclusionSensitivityOptions _options;

    /// <summary>Creates the method with validated options.</summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public OcclusionSensitivity(OcclusionSensitivityOptions? options = null)
    {
        _options = options ?? new OcclusionSensitivityOptions();
        _options.Validate();
    }

    /// <summary>The options in use.</summary>
    public OcclusionSensitivityOptions Options => _options;

    /// <summary>How many patch positions an image of the given size needs (the original's pass not included).</summary>
    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <returns>The number of occluded images that will be scored.</returns>
    public int CountPatches(int width, int height) =>
        Positions(width, _options.PatchSize, _options.Stride).Length * Positions(height, _options.PatchSize, _options.Stride).Length;

    /// <summary>Computes the occlusion map of one image with an asynchronous batch scorer.</summary>
    /// <param name="image">The image, in the space the scorer expects (the original, or the network input).</param>
    /// <param name="scorer">
    /// Scores a batch of images: one score per image, in order, higher meaning more positive (a probability or a
    /// logit). The images are reused for the next batch once its task completes; copy any you need to keep.
    /// </param>
    /// <param name="progress">Receives the fraction of patches scored, from 0 to 1.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <returns>The map, the original score and the number of evaluations.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The scorer returned the wrong number of scores or a non-finite score.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<OcclusionSensitivityResult> ComputeAsync(
        GrayImage image,
        Func<IReadOnlyList<GrayImage>, CancellationToken, Task<float[]>> scorer,
        IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(scorer);
        cancellationToken.ThrowIfCancellationRequested();

        var original = Check(await scorer([image], cancellationToken).ConfigureAwait(false), 1)[0];
        var fill = BuildFill(image);
        var xs = Positions(image.Width, _options.PatchSize, _options.Stride);
        var ys = Positions(image.Height, _options.PatchSize, _options.Stride);
        var patches = new PixelBox[xs.Length * ys.Length];
        for (var j = 0; j < ys.Length; j++)
        {
            for (var i = 0; i < xs.Length; i++)
            {
                patches[(j * xs.Length) + i] = new PixelBox(xs[i], ys[j], _options.PatchSize, _options.PatchSize).ClipTo(image.Width, image.Height);
            }
        }

        var sums = new double[(long)image.Width * image.Height];
        var counts = new int[sums.Length];
        var batchSize = Math.Min(_options.BatchSize, patches.Length);
        var buffers = new GrayImage[batchSize];
        for (var b = 0; b < batchSize; b++)
        {
            buffers[b] = image.Clone();
        }

        for (var start = 0; start < patches.Length; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(batchSize, patches.Length - start);
            var batch = new GrayImage[count];
            for (var b = 0; b < count; b++)
            {
                CopyBox(fill, buffers[b], patches[start + b]);
                batch[b] = buffers[b];
            }

            var scores = Check(await scorer(batch, cancellationToken).ConfigureAwait(false), count);
            for (var b = 0; b < count; b++)
            {
                var box = patches[start + b];
                Accumulate(sums, counts, image.Width, box, original - scores[b]);
                CopyBox(image, buffers[b], box); // restore for the next batch
            }

            progress?.Report((double)(start + count) / patches.Length);
        }

        var values = new float[sums.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = counts[i] == 0 ? 0f : (float)(sums[i] / counts[i]);
        }

        return new OcclusionSensitivityResult(new SaliencyMap(image.Width, image.Height, values), original, patches.Length + 1);
    }

    /// <summary>Computes the occlusion map of one image with a synchronous batch scorer.</summary>
    /// <param name="image">The image, in the space the scorer expects.</param>
    /// <param name="scorer">Scores a batch of images: one score per image, in order, higher meaning more positive.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <returns>The map, the original score and the number of evaluations.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The scorer returned the wrong number of scores or a non-finite score.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public OcclusionSensitivityResult Compute(GrayImage image, Func<IReadOnlyList<GrayImage>, float[]> scorer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scorer);

        // The delegate completes synchronously, so the task is already finished when it returns.
        return ComputeAsync(image, (batch, _) => Task.FromResult(scorer(batch)), null, cancellationToken).GetAwaiter().GetResult();
    }

    internal static int[] Positions(int length, int patch, int stride)
    {
        if (patch >= length)
        {
            return [0];
        }

        var positions = new List<int>();
        for (var p = 0; p + patch <= length; p += stride)
        {
            positions.Add(p);
        }

        if (positions[^1] + patch < length)
        {
            positions.Add(length - patch);
        }

        return [.. positions];
    }

    // Two passes of the library's box blur: close to a Gaussian, linear time whatever the radius.
    internal static GrayImage BoxBlur(GrayImage image, int radius) => Imaging.BoxBlur.Apply(image, radius, passes: 2);

    private static float[] Check(float[]? scores, int expected)
    {
        if (scores is null || scores.Length != expected)
        {
            throw new InvalidOperationException($"The scorer returned {scores?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"} scores for {expected} images.");
        }

        foreach (var score in scores)
        {
            if (!float.IsFinite(score))
            {
                throw new InvalidOperationException($"The scorer returned a non-finite score ({score}).");
            }
        }

        return scores;
    }

    private static void CopyBox(GrayImage source, GrayImage target, PixelBox box)
    {
        for (var y = box.Y; y < box.Y + box.Height; y++)
        {
            source.Row(y).Slice(box.X, box.Width).CopyTo(target.MutablePixels.Slice((y * target.Width) + box.X, box.Width));
        }
    }

    private static void Accumulate(double[] sums, int[] counts, int width, PixelBox box, double drop)
    {
        for (var y = box.Y; y < box.Y + box.Height; y++)
        {
            var row = (y * width) + box.X;
            for (var x = 0; x < box.Width; x++)
            {
                sums[row + x] += drop;
                counts[row + x]++;
            }
        }
    }

    private GrayImage BuildFill(GrayImage image)
    {
        if (_options.Baseline == OcclusionBaseline.Blur)
        {
            return BoxBlur(image, _options.BlurRadius);
        }

        long total = 0;
        foreach (var p in image.Pixels)
        {
            total += p;
        }

        var mean = (byte)Math.Round((double)total / image.Pixels.Length, MidpointRounding.AwayFromZero);
        var pixels = new byte[image.Pixels.Length];
        Array.Fill(pixels, mean);
        return new GrayImage(image.Width, image.Height, pixels);
    }
}
