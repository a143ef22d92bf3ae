using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Tests.Saliency;

/// <summary>Small synthetic images for saliency tests: deterministic, no phantom generator needed.</summary>
internal static class SyntheticRadiograph
{
    /// <summary>A dim textured background with a bright square inside <paramref name="box"/>.</summary>
    public static GrayImage WithBrightBox(int width, int height, PixelBox box, int seed = 1)
    {
        var random = new Random(seed);
        var image = new GrayImage(width, height);
        var pixels = image.MutablePixels;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                pixels[(y * width) + x] = box.Contains(x, y) ? (byte)(200 + random.Next(20)) : (byte)(40 + random.Next(30));
            }
        }

        return image;
    }

    /// <summary>A crude shoulder: soft tissue, a humeral head and shaft, a glenoid, and a burned-in "L" marker.</summary>
    public static GrayImage Shoulder(int width, int height, out PixelBox joint, out PixelBox marker)
    {
        var image = new GrayImage(width, height);
        var pixels = image.MutablePixels;
        double headX = width * 0.55, headY = height * 0.45, headR = Math.Min(width, height) * 0.16;
        double glenoidX = width * 0.36, glenoidY = height * 0.45;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                // Soft tissue falls off towards the edges; bone adds on top.
                var dx = (x - (width / 2.0)) / width;
                var dy = (y - (height / 2.0)) / height;
                var value = 70 - (120 * ((dx * dx) + (dy * dy)));
                var head = Math.Sqrt(Math.Pow(x - headX, 2) + Math.Pow(y - headY, 2));
                if (head < headR)
                {
                    value += 110 - (40 * head / headR);
                }
                else if (Math.Abs(x - headX) < headR * 0.55 && y > headY)
                {
                    value += 100; // humeral shaft
                }

                var glenoid = Math.Abs(Math.Sqrt(Math.Pow(x - (glenoidX - headR), 2) + Math.Pow(y - glenoidY, 2)) - headR);
                if (glenoid < headR * 0.12 && Math.Abs(y - glenoidY) < headR * 0.9)
                {
                    value += 90;
                }

                pixels[(y * width) + x] = (byte)Math.Clamp(value, 0, 255);
            }
        }

        joint = new PixelBox((int)(glenoidX - (headR * 0.3)), (int)(headY - (headR * 1.1)), (int)((headX - glenoidX) + (headR * 1.3)), (int)(headR * 2.2));

        // A side marker "L" in the top-left corner, white as burned-in text is.
        marker = new PixelBox(width / 7, height / 10, width / 12, height / 8);
        for (var y = marker.Y; y < marker.Y + marker.Height; y++)
        {
            for (var x = marker.X; x < marker.X + marker.Width; x++)
            {
                var stem = x < marker.X + (marker.Width / 3);
                var foot = y >= marker.Y + marker.Height - (marker.Height / 4);
                pixels[(y * width) + x] = stem || foot ? (byte)250 : (byte)10;
            }
        }

        return image;
    }

    /// <summary>A smooth positive bump centred on a point, the size of the image.</summary>
    public static SaliencyMapData Bump(int width, int height, double cx, double cy, double sigma, double amplitude = 1)
    {
        var values = new float[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var d2 = Math.Pow(x + 0.5 - cx, 2) + Math.Pow(y + 0.5 - cy, 2);
                values[(y * width) + x] = (float)(amplitude * Math.Exp(-d2 / (2 * sigma * sigma)));
            }
        }

        return new SaliencyMapData(width, height, values);
    }

    internal sealed record SaliencyMapData(int Width, int Height, float[] Values)
    {
        public ML.Saliency.SaliencyMap ToMap() => new(Width, Height, (float[])Values.Clone());

        public SaliencyMapData Plus(SaliencyMapData other) =>
            this with { Values = Values.Zip(other.Values, (a, b) => a + b).ToArray() };
    }
}
