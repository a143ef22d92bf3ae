using System.Diagnostics;
using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Saliency;

/// <summary>
/// A saliency map: one float per pixel, row-major, usually in the pixel space of the original radiograph (a class
/// activation map straight from the backbone is the same type at the feature map's size, for example 7×7).
/// Larger values mean more evidence for the positive class; values may be negative.
/// </summary>
/// <remarks>
/// <see cref="Coverage"/> marks the part of the image that the network actually saw. With a centre-crop resize the
/// strips cut away hold zeros that mean "not seen", not "no evidence", so peaks, ranges and overlays only look
/// inside the coverage box.
/// </remarks>
public sealed class SaliencyMap
{
    private readonly float[] _values;

    /// <summary>Creates a map over a buffer, which it takes ownership of.</summary>
    /// <param name="width">Width, at least 1.</param>
    /// <param name="height">Height, at least 1.</param>
    /// <param name="values">Row-major values; length must be <paramref name="width"/> × <paramref name="height"/>; all finite.</param>
    /// <param name="coverage">The part of the map that the network saw; <see langword="null"/> for all of it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The buffer length does not match, a value is not finite, or the coverage
    /// box does not overlap the map.</exception>
    public SaliencyMap(int width, int height, float[] values, PixelBox? coverage = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentNullException.ThrowIfNull(values);
        if (values.LongLength != (long)width * height)
        {
            throw new ArgumentException($"Expected {(long)width * height} values for {width}×{height}, got {values.LongLength}.", nameof(values));
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException($"Saliency value {i} (x {i % width}, y {i / width}) is {values[i]}; values must be finite.", nameof(values));
            }
        }

        var box = (coverage ?? new PixelBox(0, 0, width, height)).ClipTo(width, height);
        if (box.Area == 0)
        {
            throw new ArgumentException($"The coverage box {coverage} does not overlap the {width}×{height} map.", nameof(coverage));
        }

        Width = width;
        Height = height;
        _values = values;
        Coverage = box;
    }

    // For maps built here from finite inputs: skips the per-pixel finiteness pass, which costs as much as the
    // upsampling itself on a multi-megapixel radiograph.
    internal SaliencyMap(int width, int height, float[] values, PixelBox coverage, bool trusted)
    {
        Debug.Assert(trusted && values.Length == (long)width * height && coverage.Area > 0, "trusted map");
        Width = width;
        Height = height;
        _values = values;
        Coverage = coverage;
    }

    /// <summary>Width in pixels (or cells).</summary>
    public int Width { get; }

    /// <summary>Height in pixels (or cells).</summary>
    public int Height { get; }

    /// <summary>The part of the map that the network saw, clipped to the map; the whole map unless a crop cut some away.</summary>
    public PixelBox Coverage { get; }

    /// <summary>The values, row-major.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>The value at a column and row.</summary>
    /// <param name="x">Column, 0-based.</param>
    /// <param name="y">Row, 0-based.</param>
    public float this[int x, int y] => _values[(y * Width) + x];

    /// <summary>The smallest value inside <see cref="Coverage"/>.</summary>
    public float Min
    {
        get
        {
            var min = float.PositiveInfinity;
            var box = Coverage;
            for (var y = box.Y; y < box.Y + box.Height; y++)
            {
                foreach (var v in _values.AsSpan((y * Width) + box.X, box.Width))
                {
                    min = v < min ? v : min;
                }
            }

            return min;
        }
    }

    /// <summary>The largest value inside <see cref="Coverage"/>.</summary>
    public float Max
    {
        get
        {
            var max = float.NegativeInfinity;
            var box = Coverage;
            for (var y = box.Y; y < box.Y + box.Height; y++)
            {
                foreach (var v in _values.AsSpan((y * Width) + box.X, box.Width))
                {
                    max = v > max ? v : max;
                }
            }

            return max;
        }
    }

    /// <summary>The mean of all values (the whole map, covered or not).</summary>
    public double Mean
    {
        get
        {
            var sum = 0.0;
            foreach (var v in _values)
            {
                sum += v;
            }

            return sum / _values.Length;
        }
    }

    /// <summary>
    /// Where the largest value inside <see cref="Coverage"/> lies; on ties the first in row-major order, so the
    /// answer is deterministic.
    /// </summary>
    public (int X, int Y) Peak
    {
        get
        {
            var box = Coverage;
            var best = float.NegativeInfinity;
            var bestX = box.X;
            var bestY = box.Y;
            for (var y = box.Y; y < box.Y + box.Height; y++)
            {
                var row = _values.AsSpan((y * Width) + box.X, box.Width);
                for (var x = 0; x < row.Length; x++)
                {
                    if (row[x] > best)
                    {
                        best = row[x];
                        bestX = box.X + x;
                        bestY = y;
                    }
                }
            }

            return (bestX, bestY);
        }
    }
}
