using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using JointDislocation.ML.Saliency;
using SkiaSharp;

namespace JointDislocation.ML.Benchmarks;

/// <summary>
/// What a class activation map adds to scoring one image: the weighted channel sum over ResNet18's 512×7×7 map and
/// the bilinear upsampling onto the original image, per image, for a few original sizes. The backbone's forward pass
/// is not timed here; the percentage is against a nominal scoring time per image (<c>--scoring-ms</c>, default
/// 13.3 ms ≈ the 75 images/s measured for batched ResNet18 on 2 cores).
/// </summary>
internal sealed class CamBenchmark : IQuickBenchmark
{
    public string Name => "cam";

    public string Description => "CAM overhead per image: 512×7×7 weighted sum + upsampling [--images N] [--scoring-ms T] [--json]";

    public Task<int> RunAsync(string[] args)
    {
        var images = 200;
        var scoringMs = 1000.0 / 75;
        var json = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--images":
                    images = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--scoring-ms":
                    scoringMs = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--json":
                    json = true;
                    break;
                default:
                    Console.Error.WriteLine($"Unknown argument '{args[i]}'.");
                    return Task.FromResult(2);
            }
        }

        const int channels = 512, h = 7, w = 7;
        var random = new Random(42);
        var featureMap = Enumerable.Range(0, channels * h * w).Select(_ => random.NextDouble() < 0.4 ? 0f : (float)(random.NextDouble() * 4)).ToArray();
        var weights = Enumerable.Range(0, channels).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();

        var computeUs = Time(images, () => ClassActivationMap.Compute(featureMap, weights, 0.3f, h, w));
        var cam = ClassActivationMap.Compute(featureMap, weights, 0.3f, h, w).Map;
        var sizes = new (int Width, int Height)[] { (224, 224), (1024, 1024), (2500, 2000) };
        var results = new List<object>();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CAM weighted sum (512×7×7): {computeUs:0.0} µs/image"));
        foreach (var (width, height) in sizes)
        {
            var mapping = InputMapping.CenterCrop(width, height, 224, 224);
            var upsampleUs = Time(Math.Max(21, images * 224 * 224 / (width * height)), () => ClassActivationMap.Upsample(cam, width, height, mapping));
            var total = computeUs + upsampleUs;
            var percent = 100 * total / 1000 / scoringMs;

            // Context: decoding the radiograph is part of scoring it, and grows with its size as upsampling does.
            var png = SmoothPng(width, height);
            var decodeUs = Time(Math.Max(3, images * 224 * 224 / (width * height)), () => SKBitmap.Decode(png).Dispose());
            var percentWithDecode = 100 * total / (decodeUs + (scoringMs * 1000));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{width}×{height}: upsample {upsampleUs:0.0} µs, CAM total {total:0.0} µs/image = {percent:0.00}% of {scoringMs:0.0} ms forward pass; PNG decode {decodeUs / 1000:0.0} ms, so {percentWithDecode:0.00}% of decode + forward"));
            results.Add(new { width, height, upsampleUs, totalUs = total, percentOfScoring = percent, decodeUs, percentOfDecodeAndScoring = percentWithDecode });
        }

        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { benchmark = Name, computeUs, scoringMs, sizes = results }));
        }

        return Task.FromResult(0);
    }

    // A smooth gray picture (a radiograph compresses about as well), encoded as PNG.
    private static byte[] SmoothPng(int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                pixels[(y * width) + x] = (byte)(128 + (60 * Math.Sin(x / 37.0)) + (40 * Math.Cos(y / 53.0)) + ((x * 7 + y * 13) % 5));
            }
        }

        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    // Median of per-call times after a warm-up, in microseconds.
    private static double Time(int repetitions, Action action)
    {
        for (var i = 0; i < 3; i++)
        {
            action();
        }

        var samples = new double[repetitions];
        for (var i = 0; i < repetitions; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        Array.Sort(samples);
        return samples[repetitions / 2];
    }
}
