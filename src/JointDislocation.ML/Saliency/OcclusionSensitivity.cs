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
/// pass per position: a 224×224 network input with the default 32-pixel patches at stride 24 needs 9 × 9 = 81
/// passes, whatever the original's size, because <see cref="ModelExplainer.OcclusionAsync"/> occludes the input grid.
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
    /// <param name="image">The image, in the space the scorer expects (the network input, or any image).</param>
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
    public Task<OcclusionSensitivityResult> ComputeAsync(
        GrayImage image,
        Func<IReadOnlyList<GrayImage>, CancellationToken, Task<float[]>> scorer,
        IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        return ComputeAsync(image, new PixelBox(0, 0, image.Width, image.Height), scorer, progress, cancellationToken);
    }

    /// <summary>
    /// Computes the occlusion map of the part of an image that shows content (a letterboxed network input's band):
    /// patches slide over <paramref name="region"/> only, the baseline is computed from it alone, and the padding
    /// outside it is never occluded; there the map repeats the region's nearest edge value, so that interpolating the
    /// map back onto the original does not pull its border towards zero.
    /// </summary>
    /// <param name="image">The image, in the space the scorer expects.</param>
    /// <param name="region">The part to occlude; clipped to the image.</param>
    /// <param name="scorer">Scores a batch of images, as for <see cref="ComputeAsync(GrayImage, Func{IReadOnlyList{GrayImage}, CancellationToken, Task{float[]}}, IProgress{double}?, CancellationToken)"/>.</param>
    /// <param name="progress">Receives the fraction of patches scored, from 0 to 1.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <returns>The map at the image's size, the original score and the number of evaluations.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The region does not overlap the image.</exception>
    /// <exception cref="InvalidOperationException">The scorer returned the wrong number of scores or a non-finite score.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<OcclusionSensitivityResult> ComputeAsync(
        GrayImage image,
        PixelBox region,
        Func<IReadOnlyList<GrayImage>, CancellationToken, Task<float[]>> scorer,
        IProgress<double>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(scorer);
        var box = region.ClipTo(image.Width, image.Height);
        if (box.Area == 0)
        {
            throw new ArgumentException($"The region {region} does not overlap the {image.Width}×{image.Height} image.", nameof(region));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var original = Check(await scorer([image], cancellationToken).ConfigureAwait(false), 1)[0];
        var fill = BuildFill(image, box);
        var xs = Positions(box.Width, _options.PatchSize, _options.Stride);
        var ys = Positions(box.Height, _options.PatchSize, _options.Stride);
        var patches = new PixelBox[xs.Length * ys.Length];
        for (var j = 0; j < ys.Length; j++)
        {
            for (var i = 0; i < xs.Length; i++)
            {
                patches[(j * xs.Length) + i] = new PixelBox(box.X + xs[i], box.Y + ys[j], Math.Min(_options.PatchSize, box.Width), Math.Min(_options.PatchSize, box.Height));
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
                var patch = patches[start + b];
                Accumulate(sums, counts, image.Width, patch, original - scores[b]);
                CopyBox(image, buffers[b], patch); // restore for the next batch
            }

            progress?.Report((double)(start + count) / patches.Length);
        }

        var values = new float[sums.Length];
        for (var y = 0; y < image.Height; y++)
        {
            var sy = Math.Clamp(y, box.Y, box.Y + box.Height - 1);
            for (var x = 0; x < image.Width; x++)
            {
                var source = (sy * image.Width) + Math.Clamp(x, box.X, box.X + box.Width - 1);
                values[(y * image.Width) + x] = counts[source] == 0 ? 0f : (float)(sums[source] / counts[source]);
            }
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

    // The baseline over the region only, so a letterbox's black padding neither darkens the mean nor bleeds into the
    // blur; pixels outside the region are never copied from it.
    private GrayImage BuildFill(GrayImage image, PixelBox region)
    {
        var crop = new GrayImage(region.Width, region.Height);
        for (var y = 0; y < region.Height; y++)
        {
            image.Row(region.Y + y).Slice(region.X, region.Width).CopyTo(crop.MutablePixels.Slice(y * region.Width, region.Width));
        }

        if (_options.Baseline == OcclusionBaseline.Blur)
        {
            crop = BoxBlur(crop, _options.BlurRadius);
        }
        else
        {
            long total = 0;
            foreach (var p in crop.Pixels)
            {
                total += p;
            }

            crop.MutablePixels.Fill((byte)Math.Round((double)total / crop.Pixels.Length, MidpointRounding.AwayFromZero));
        }

        var fill = new GrayImage(image.Width, image.Height);
        for (var y = 0; y < region.Height; y++)
        {
            crop.Row(y).CopyTo(fill.MutablePixels.Slice(((region.Y + y) * image.Width) + region.X, region.Width));
        }

        return fill;
    }
}
