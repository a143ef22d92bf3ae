using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using JointDislocation.ML.Backbones;
using JointDislocation.ML.Data;
using JointDislocation.ML.MlNet;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace JointDislocation.ML.Benchmarks;

/// <summary>
/// Featurization throughput of the ML.NET paths on the same images in one process: the library's fast path, the
/// <c>FeaturizeRadiograph</c> estimator (stock transforms, one ONNX session with the preprocessing merged in) and stock
/// ML.NET's <c>DnnFeaturizeImage</c> (two ONNX sessions), with the feature agreement of the estimator and the fast path.
/// </summary>
internal sealed class MlNetBenchmark : IQuickBenchmark
{
    public string Name => "mlnet";

    public string Description => "featurization: fast path vs FeaturizeRadiograph vs stock DnnFeaturizeImage [--images N] [--json]";

    public async Task<int> RunAsync(string[] args)
    {
        var parsed = await ImageBenchmarkArguments.ParseAsync("mlnet", args, defaultImages: 100);
        if (parsed is not { } arguments)
        {
            return 2;
        }

        var (images, json) = arguments;

        var result = ImageBenchmarkArguments.InTemporaryFolder("jdml-mlnet-bench", folder => Measure(folder, images));
        Console.WriteLine($"images                     {result.Images}");
        Console.WriteLine($"fast path                  {result.FastImagesPerSecond,8:F1} img/s");
        Console.WriteLine($"FeaturizeRadiograph        {result.FeaturizeRadiographImagesPerSecond,8:F1} img/s   fast/this {result.FastOverFeaturizeRadiograph:F2}");
        Console.WriteLine($"stock DnnFeaturizeImage    {result.DnnFeaturizeImageImagesPerSecond,8:F1} img/s   fast/this {result.FastOverDnnFeaturizeImage:F2}");
        Console.WriteLine($"max |FeaturizeRadiograph - fast| {result.MaxAbsFeatureDiff:E2} (target <= 1e-4)");
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(result, ImageBenchmarkArguments.Json));
        }

        return 0;
    }

    private static MlNetResult Measure(string folder, int count)
    {
        var paths = PipelineImages.Write(folder, count, seed: 20261201);
        var backbone = Backbone.ResNet18();
        var ml = new MLContext(seed: 1);
        var empty = ml.Data.LoadFromEnumerable(Array.Empty<ImageRow>());
        var featurizer = ml.Transforms.FeaturizeRadiograph().Fit(empty);
        var stock = ml.Transforms.LoadImages("Image", imageFolder: string.Empty, inputColumnName: nameof(ImageRow.ImagePath))
            .Append(ml.Transforms.ResizeImages("Image", 224, 224))
            .Append(ml.Transforms.ExtractPixels("Pixels", "Image"))
            .Append(ml.Transforms.DnnFeaturizeImage("Features", m => m.ModelSelector.ResNet18(ml, m.OutputColumn, m.InputColumn), "Pixels"))
            .Fit(empty);

        float[][] Run(ITransformer transformer, IReadOnlyList<string> subset) =>
            [.. transformer.Transform(ml.Data.LoadFromEnumerable(subset.Select(p => new ImageRow { ImagePath = p })))
                .GetColumn<VBuffer<float>>("Features").Select(v => v.DenseValues().ToArray())];

        // Warm-up: JIT and first-run allocations of every session stay out of the timings.
        backbone.Featurize(paths.Take(8).Select(p => RadiographDecoder.Decode(p)).ToList());
        Run(featurizer, paths.Take(4).ToList());
        Run(stock, paths.Take(4).ToList());

        // Rounds interleave the paths so that load from other processes falls on all of them alike.
        var rounds = Math.Max(1, count / 25);
        double fastSeconds = 0, radiographSeconds = 0, stockSeconds = 0;
        var fast = new List<float[]>(count);
        var radiograph = new List<float[]>(count);
        for (var r = 0; r < rounds; r++)
        {
            var subset = paths[(r * count / rounds)..((r + 1) * count / rounds)];
            var clock = Stopwatch.StartNew();
            var decoded = new Imaging.GrayImage[subset.Count];
            Parallel.For(0, subset.Count, i => decoded[i] = RadiographDecoder.Decode(subset[i]));
            fast.AddRange(backbone.Featurize(decoded).Select(o => o.PooledToArray()));
            fastSeconds += clock.Elapsed.TotalSeconds;

            clock.Restart();
            radiograph.AddRange(Run(featurizer, subset));
            radiographSeconds += clock.Elapsed.TotalSeconds;

            clock.Restart();
            Run(stock, subset);
            stockSeconds += clock.Elapsed.TotalSeconds;
        }

        var maxDiff = 0.0;
        for (var i = 0; i < count; i++)
        {
            for (var j = 0; j < fast[i].Length; j++)
            {
                maxDiff = Math.Max(maxDiff, Math.Abs(fast[i][j] - radiograph[i][j]));
            }
        }

        var fastRate = count / fastSeconds;
        var radiographRate = count / radiographSeconds;
        var stockRate = count / stockSeconds;
        return new MlNetResult(count, Math.Round(fastRate, 1), Math.Round(radiographRate, 1), Math.Round(stockRate, 1),
            Math.Round(fastRate / radiographRate, 2), Math.Round(fastRate / stockRate, 2), maxDiff);
    }

    private sealed class ImageRow
    {
        public string ImagePath { get; set; } = string.Empty;
    }

    private sealed record MlNetResult(
        int Images,
        double FastImagesPerSecond,
        double FeaturizeRadiographImagesPerSecond,
        double DnnFeaturizeImageImagesPerSecond,
        double FastOverFeaturizeRadiograph,
        double FastOverDnnFeaturizeImage,
        double MaxAbsFeatureDiff);
}
