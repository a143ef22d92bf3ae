using System.Numerics;
using JointDislocation.ML.Data;

namespace JointDislocation.ML.Saliency;

/// <summary>
/// Class activation maps (Zhou et al., 2016) for a linear head on globally average-pooled features, and bilinear
/// upsampling of any coarse map onto the original image.
/// </summary>
/// <remarks>
/// <para>
/// The head scores <c>logit = b + Σ_c w_c · p_c</c> with <c>p_c = (1/hw) Σ_(y,x) A_c(y,x)</c>, the spatial mean of
/// channel <c>c</c> of the last convolutional map. Swapping the two sums gives
/// <c>logit = b + (1/hw) Σ_(y,x) CAM(y,x)</c> with <c>CAM(y,x) = Σ_c w_c · A_c(y,x)</c>: the logit is exactly the
/// bias plus the mean of the map, so each cell's share of the decision is known, not estimated.
/// </para>
/// <para>
/// Heads whose features pass through an affine normaliser first (ML.NET's min–max or mean–variance) are still linear
/// in the map; fold the normaliser into the weights and bias before calling (<c>w'_c = w_c·s_c</c>,
/// <c>b' = b + Σ_c w_c·o_c</c>). Tree heads are not linear: use <see cref="OcclusionSensitivity"/>.
/// </para>
/// </remarks>
public static class ClassActivationMap
{
    /// <summary>Computes the class activation map of a linear head.</summary>
    /// <param name="featureMap">The last convolutional map of one image, channel-major: <c>C×h×w</c> floats.</param>
    /// <param name="weights">The head's weights on the pooled features, <c>C</c> floats.</param>
    /// <param name="bias">The head's bias.</param>
    /// <param name="height">The map's height <c>h</c> (7 for ResNet18 at 224×224).</param>
    /// <param name="width">The map's width <c>w</c>.</param>
    /// <returns>The <c>h×w</c> map and the logit it decomposes.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    /// <exception cref="ArgumentException">The lengths do not agree (<c>featureMap.Length != weights.Length·h·w</c>),
    /// there are no weights, or a value is not finite.</exception>
    public static ClassActivationMapResult Compute(ReadOnlySpan<float> featureMap, ReadOnlySpan<float> weights, float bias, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (weights.IsEmpty)
        {
            throw new ArgumentException("The head has no weights.", nameof(weights));
        }

        var cells = height * width;
        if (featureMap.Length != (long)weights.Length * cells)
        {
            throw new ArgumentException(
                $"The feature map has {featureMap.Length} values; {weights.Length} channels × {height}×{width} needs {(long)weights.Length * cells}.",
                nameof(featureMap));
        }

        if (!float.IsFinite(bias))
        {
            throw new ArgumentException($"The bias is {bias}; it must be finite.", nameof(bias));
        }

        // Accumulate in double: 512 channels of float products lose digits that the exactness test would notice.
        var sums = new double[cells];
        for (var c = 0; c < weights.Length; c++)
        {
            var w = (double)weights[c];
            if (!double.IsFinite(w))
            {
                throw new ArgumentException($"Weight {c} is {weights[c]}; weights must be finite.", nameof(weights));
            }

            if (w == 0)
            {
                continue;
            }

            var channel = featureMap.Slice(c * cells, cells);
            for (var i = 0; i < cells; i++)
            {
                sums[i] += w * channel[i];
            }
        }

        var values = new float[cells];
        var total = 0.0;
        for (var i = 0; i < cells; i++)
        {
            values[i] = (float)sums[i];
            total += sums[i];
        }

        // SaliencyMap rejects non-finite values, which is where a NaN in the feature map is reported.
        return new ClassActivationMapResult(new SaliencyMap(width, height, values), bias, bias + (total / cells));
    }

    /// <summary>
    /// Upsamples a coarse map that covers the network input (a 7×7 CAM, or a 224×224 occlusion map computed on the
    /// input) onto the original image, bilinearly, with cell centres aligned: cell <c>j</c> of <c>n</c> is centred at
    /// input coordinate <c>(j + 0.5) · InputWidth / n</c>, and each original pixel samples at its centre. Beyond the
    /// outermost cell centres the edge value holds. Original pixels that the input does not show (cut away by a
    /// centre crop) get 0 and lie outside the result's <see cref="SaliencyMap.Coverage"/>.
    /// </summary>
    /// <param name="map">The coarse map, laid uniformly over the network input.</param>
    /// <param name="originalWidth">The original image's width.</param>
    /// <param name="originalHeight">The original image's height.</param>
    /// <param name="mapping">How the input was cut from the original; <see langword="null"/> when the input is the
    /// original stretched (the map spans the whole image).</param>
    /// <returns>A map of <paramref name="originalWidth"/> × <paramref name="originalHeight"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="map"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    /// <exception cref="ArgumentException">The mapping is invalid or shows none of the image.</exception>
    public static SaliencyMap Upsample(SaliencyMap map, int originalWidth, int originalHeight, InputMapping? mapping = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentOutOfRangeException.ThrowIfLessThan(originalWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(originalHeight, 1);
        mapping ??= InputMapping.Identity(originalWidth, originalHeight);
        mapping.Validate();
        var covered = mapping.CoveredBox(originalWidth, originalHeight);
        if (covered.Area == 0)
        {
            throw new ArgumentException($"The input mapping {mapping} shows none of the {originalWidth}×{originalHeight} image.", nameof(mapping));
        }

        var (x0, x1, wx) = Taps(covered.X, covered.Width, mapping.OffsetX, mapping.ScaleX, mapping.InputWidth, map.Width);
        var (y0, y1, wy) = Taps(covered.Y, covered.Height, mapping.OffsetY, mapping.ScaleY, mapping.InputHeight, map.Height);

        // Separable: interpolate each of the few source rows along x once, then every output row is a lerp of two
        // of those rows, which vectorises. Memory bandwidth, not arithmetic, is then the limit on large images.
        var source = map.Values;
        var rows = new float[map.Height][];
        for (var r = 0; r < map.Height; r++)
        {
            var row = source.Slice(r * map.Width, map.Width);
            var interpolated = new float[covered.Width];
            for (var i = 0; i < interpolated.Length; i++)
            {
                var a = row[x0[i]];
                interpolated[i] = a + ((row[x1[i]] - a) * wx[i]);
            }

            rows[r] = interpolated;
        }

        var output = GC.AllocateUninitializedArray<float>(checked(originalWidth * originalHeight));
        var full = covered.X == 0 && covered.Y == 0 && covered.Width == originalWidth && covered.Height == originalHeight;
        if (!full)
        {
            Array.Clear(output);
        }

        for (var j = 0; j < covered.Height; j++)
        {
            Lerp(rows[y0[j]], rows[y1[j]], wy[j], output.AsSpan(((covered.Y + j) * originalWidth) + covered.X, covered.Width));
        }

        return new SaliencyMap(originalWidth, originalHeight, output, covered, trusted: true);
    }

    /// <summary>Computes a linear head's CAM and upsamples it onto the original image in one call.</summary>
    /// <param name="featureMap">The last convolutional map, channel-major <c>C×h×w</c>.</param>
    /// <param name="weights">The head's weights, <c>C</c> floats.</param>
    /// <param name="bias">The head's bias.</param>
    /// <param name="height">The map's height.</param>
    /// <param name="width">The map's width.</param>
    /// <param name="originalWidth">The original image's width.</param>
    /// <param name="originalHeight">The original image's height.</param>
    /// <param name="mapping">How the network input was cut from the original; <see langword="null"/> for a stretch.</param>
    /// <returns>The coarse result (with the logit) and the map at the original size.</returns>
    /// <exception cref="ArgumentException">As for <see cref="Compute"/> and <see cref="Upsample"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    public static (ClassActivationMapResult Cam, SaliencyMap Upsampled) ComputeAndUpsample(
        ReadOnlySpan<float> featureMap, ReadOnlySpan<float> weights, float bias, int height, int width,
        int originalWidth, int originalHeight, InputMapping? mapping = null)
    {
        var cam = Compute(featureMap, weights, bias, height, width);
        return (cam, Upsample(cam.Map, originalWidth, originalHeight, mapping));
    }

    private static void Lerp(float[] a, float[] b, float t, Span<float> target)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && target.Length >= Vector<float>.Count)
        {
            var weight = new Vector<float>(t);
            for (; i <= target.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var va = new Vector<float>(a, i);
                var vb = new Vector<float>(b, i);
                (va + ((vb - va) * weight)).CopyTo(target[i..]);
            }
        }

        for (; i < target.Length; i++)
        {
            target[i] = a[i] + ((b[i] - a[i]) * t);
        }
    }

    // For each output pixel along one axis: the two source cells to blend and the weight of the second.
    private static (int[] First, int[] Second, float[] Weight) Taps(int start, int count, double offset, double scale, int inputSize, int cells)
    {
        var first = new int[count];
        var second = new int[count];
        var weight = new float[count];
        var cellSize = (double)inputSize / cells;
        for (var i = 0; i < count; i++)
        {
            var u = (start + i + 0.5 - offset) * scale;
            var g = Math.Clamp((u / cellSize) - 0.5, 0, cells - 1);
            var lower = Math.Min((int)Math.Floor(g), cells - 1);
            first[i] = lower;
            second[i] = Math.Min(lower + 1, cells - 1);
            weight[i] = (float)(g - lower);
        }

        return (first, second, weight);
    }
}
