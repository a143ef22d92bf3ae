using JointDislocation.ML.Data;
using JointDislocation.ML.Tests.Data;

namespace JointDislocation.ML.Tests.Training;

/// <summary>
/// A small, learnable image set written to disk: a bright "head" that sits in the middle of the image when located
/// and is displaced towards a corner when dislocated, with noise and jitter so the task is not trivial.
/// </summary>
internal static class TrainingData
{
    public static List<RadiographRecord> Write(string folder, int perClass, int seed, int size = 48)
    {
        var random = new Random(seed);
        var records = new List<RadiographRecord>();
        for (var i = 0; i < perClass * 2; i++)
        {
            var positive = i % 2 == 0;
            var label = positive ? "dislocated" : "located";
            var centre = size / 2.0;
            var cx = centre + (positive ? -size * 0.22 : 0) + (random.NextDouble() - 0.5) * size * 0.12;
            var cy = centre + (positive ? -size * 0.18 : 0) + (random.NextDouble() - 0.5) * size * 0.12;
            var radius = size * (0.12 + 0.04 * random.NextDouble());
            var pixels = new byte[size * size];
            for (var y = 0; y < size; y++)
            {
                for (var x = 0; x < size; x++)
                {
                    var inside = ((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) < radius * radius;
                    var value = (inside ? 200 : 60) + (random.NextDouble() - 0.5) * 60;
                    pixels[(y * size) + x] = (byte)Math.Clamp(value, 0, 255);
                }
            }

            var path = Path.Combine(folder, label, $"{label}-{i:D3}.png");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, TestImages.GrayPng(size, size, pixels));
            records.Add(new RadiographRecord(path, Joint.Hip, label, positive));
        }

        return records;
    }
}
