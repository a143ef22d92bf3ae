using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;
using JointDislocation.ML.Saliency;

namespace JointDislocation.ML.Benchmarks;

/// <summary>
/// Occlusion sensitivity's own cost for one 224×224 image (16-px patches, stride 8, batches of 16), with a scorer
/// that does no work: building the occluded copies and accumulating the drops. The model's forward passes are not
/// included; the projection multiplies the pass count by <c>--images-per-second</c> of the real backbone (default
/// 75, batched ResNet18 on 2 cores). Wiring the real backbone in is left to the backbone integration.
/// </summary>
internal sealed class OcclusionBenchmark : IQuickBenchmark
{
    public string Name => "occlusion";

    public string Description => "occlusion overhead for 224×224, patch 16, stride 8, model excluded [--repeat N] [--images-per-second R] [--json]";

    public async Task<int> RunAsync(string[] args)
    {
        var repeat = 10;
        var imagesPerSecond = 75.0;
        var json = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--repeat":
                    repeat = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--images-per-second":
                    imagesPerSecond = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--json":
                    json = true;
                    break;
                default:
                    Console.Error.WriteLine($"Unknown argument '{args[i]}'.");
                    return 2;
            }
        }

        var random = new Random(42);
        var pixels = new byte[224 * 224];
        random.NextBytes(pixels);
        var image = new GrayImage(224, 224, pixels);
        var results = new List<object>();
        foreach (var baseline in new[] { OcclusionBaseline.Mean, OcclusionBaseline.Blur })
        {
            var method = new OcclusionSensitivity(new OcclusionSensitivityOptions { PatchSize = 16, Stride = 8, BatchSize = 16, Baseline = baseline });
            static Task<float[]> Scorer(IReadOnlyList<GrayImage> batch, CancellationToken token) => Task.FromResult(new float[batch.Count]);
            await method.ComputeAsync(image, Scorer);

            var samples = new double[repeat];
            for (var r = 0; r < repeat; r++)
            {
                var start = Stopwatch.GetTimestamp();
                await method.ComputeAsync(image, Scorer);
                samples[r] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }

            Array.Sort(samples);
            var overheadMs = samples[repeat / 2];
            var passes = method.CountPatches(224, 224) + 1;
            var projectedSeconds = (passes / imagesPerSecond) + (overheadMs / 1000);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{baseline}: overhead {overheadMs:0.00} ms/image for {passes} passes; with a backbone at {imagesPerSecond:0} images/s ≈ {projectedSeconds:0.00} s/image (needs {passes:0} images/s for 1 s)"));
            results.Add(new { baseline = baseline.ToString().ToLowerInvariant(), overheadMs, passes, projectedSeconds });
        }

        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { benchmark = Name, imagesPerSecond, results }));
        }

        return 0;
    }
}
