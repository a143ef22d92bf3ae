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
}
