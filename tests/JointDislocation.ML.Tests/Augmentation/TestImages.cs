using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Tests.Augmentation;

internal static class TestImages
{
    /// <summary>An image whose pixels nearly all differ from their neighbours, so any misplaced pixel shows.</summary>
    public static GrayImage Pattern(int width, int height)
    {
        var image = new GrayImage(width, height);
        var pixels = image.MutablePixels;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                pixels[(y * width) + x] = (byte)(((x * 7) + (y * 13) + ((x * y) % 17)) % 256);
            }
        }

        return image;
    }

    /// <summary>Every grey level 0–255 once, in order.</summary>
    public static GrayImage Ramp()
    {
        var image = new GrayImage(16, 16);
        for (var p = 0; p < 256; p++)
        {
            image.MutablePixels[p] = (byte)p;
        }

        return image;
    }

    public static GrayImage Uniform(int width, int height, byte value)
    {
        var image = new GrayImage(width, height);
        image.MutablePixels.Fill(value);
        return image;
    }

    /// <summary>A dim picture with one bright (250) square; the ROI is the square with a 4-pixel margin.</summary>
    public static (GrayImage Image, PixelBox Roi) BrightSquare(int width, int height, PixelBox square)
    {
        var image = Uniform(width, height, 40);
        for (var y = square.Y; y < square.Y + square.Height; y++)
        {
            for (var x = square.X; x < square.X + square.Width; x++)
            {
                image.MutablePixels[(y * width) + x] = 250;
            }
        }

        return (image, new PixelBox(square.X - 4, square.Y - 4, square.Width + 8, square.Height + 8));
    }

    public static double StandardDeviation(IEnumerable<double> values)
    {
        var list = values.ToList();
        var mean = list.Average();
        return Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1));
    }
}
