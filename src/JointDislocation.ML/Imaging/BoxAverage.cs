namespace JointDislocation.ML.Imaging;

/// <summary>
/// Box-averaging to a small square: each cell sums the source pixels whose index falls in it. Shared by the
/// perceptual hash (32 × 32) and the copy-check thumbnail (16 × 16); exact integer sums, so callers round as they need.
/// </summary>
internal static class BoxAverage
{
    /// <summary>Visits every cell with its pixel sum and pixel count.</summary>
    public static void ForEachCell(GrayImage image, int size, Action<int, long, long> cell)
    {
        int width = image.Width, height = image.Height;
        var pixels = image.Pixels;
        for (var cy = 0; cy < size; cy++)
        {
            var y0 = (int)((long)cy * height / size);
            var y1 = Math.Max(y0 + 1, (int)((long)(cy + 1) * height / size));
            for (var cx = 0; cx < size; cx++)
            {
                var x0 = (int)((long)cx * width / size);
                var x1 = Math.Max(x0 + 1, (int)((long)(cx + 1) * width / size));
                long sum = 0;
                for (var y = y0; y < y1; y++)
                {
                    var row = pixels.Slice(y * width, width);
                    for (var x = x0; x < x1; x++)
                    {
                        sum += row[x];
                    }
                }

                cell((cy * size) + cx, sum, (long)(y1 - y0) * (x1 - x0));
            }
        }
    }

    /// <summary>
    /// The sums and counts of the <paramref name="size"/> × <paramref name="size"/> cells that
    /// <see cref="ForEachCell"/> visits, in one pass over the rows.
    /// </summary>
    public static (long[] Sums, long[] Counts) Cells(GrayImage image, int size)
    {
        var sums = new long[size * size];
        var counts = new long[size * size];
        if (image.Width < size || image.Height < size)
        {
            // Below one pixel per cell the cells overlap (each keeps at least one pixel); visit them one by one.
            ForEachCell(image, size, (index, sum, count) => (sums[index], counts[index]) = (sum, count));
            return (sums, counts);
        }

        int width = image.Width, height = image.Height;
        var pixels = image.Pixels;
        Span<int> starts = stackalloc int[size + 1];
        for (var c = 0; c <= size; c++)
        {
            starts[c] = (int)((long)c * width / size);
        }

        for (var cy = 0; cy < size; cy++)
        {
            var y0 = (int)((long)cy * height / size);
            var y1 = (int)((long)(cy + 1) * height / size);
            var cells = sums.AsSpan(cy * size, size);
            for (var y = y0; y < y1; y++)
            {
                var row = pixels.Slice(y * width, width);
                for (var cx = 0; cx < size; cx++)
                {
                    var run = row[starts[cx]..starts[cx + 1]];
                    var sum = 0;
                    foreach (var value in run)
                    {
                        sum += value;
                    }

                    cells[cx] += sum;
                }
            }

            for (var cx = 0; cx < size; cx++)
            {
                counts[(cy * size) + cx] = (long)(y1 - y0) * (starts[cx + 1] - starts[cx]);
            }
        }

        return (sums, counts);
    }

    /// <summary>
    /// Merges 2 × 2 cells of <see cref="Cells"/> at side 2n into cells at side n: the same cells
    /// <see cref="ForEachCell"/> gives at side n when the image is at least 2n pixels a side (then the cell bounds at
    /// side n are every other bound at side 2n).
    /// </summary>
    public static (long[] Sums, long[] Counts) Halve(long[] sums, long[] counts, int size)
    {
        var half = size / 2;
        var halfSums = new long[half * half];
        var halfCounts = new long[half * half];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var target = ((y / 2) * half) + (x / 2);
                halfSums[target] += sums[(y * size) + x];
                halfCounts[target] += counts[(y * size) + x];
            }
        }

        return (halfSums, halfCounts);
    }
}
