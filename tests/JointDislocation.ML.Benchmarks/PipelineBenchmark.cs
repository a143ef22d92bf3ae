using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using JointDislocation.ML.Backbones;
using JointDislocation.ML.Data;
using JointDislocation.ML.Augmentation;
using JointDislocation.ML.Evaluation;
using JointDislocation.ML.Imaging;
using JointDislocation.ML.Phantoms;
using JointDislocation.ML.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;

namespace JointDislocation.ML.Benchmarks;

/// <summary>
/// Featurization throughput of the product's own path, side by side in one process on the same images: the library's
/// path (<see cref="RadiographDecoder"/> decoding the next chunk while the library's backbone runs this one), the same
/// through <see cref="ModelEvaluator"/> end to end (fingerprints and a trained head included), stock ML.NET
/// (LoadImages → ResizeImages → ExtractPixels → DnnFeaturizeImage) and raw ONNX Runtime on already prepared tensors
/// (batch 8, intra-op 2, spinning off); with the feature agreement, a per-stage breakdown of the evaluator's time and
/// the bound that decoding plus inference allow on this machine's cores.
/// </summary>
internal sealed class PipelineBenchmark : IQuickBenchmark
{
    /// <summary>Multiply-adds ×2 of ResNet18 at 224×224.</summary>
    private const double GflopPerImage = 4.09;

    /// <summary>Images the evaluator's head is trained on (timing needs a head, not a good one).</summary>
    private const int TrainingImages = 16;

    private const int Chunk = 32;

    private static readonly PipelineStage[] PreparationStages =
        [PipelineStage.Read, PipelineStage.Decode, PipelineStage.ColourToGray, PipelineStage.Orientation, PipelineStage.Resize, PipelineStage.Tensor];

    public string Name => "pipeline";

    public string Description => "featurization through RadiographDecoder and ModelEvaluator vs stock ML.NET vs raw ONNX Runtime [--images N] [--json] [--corpus png|realistic] [--exact] [--decode-threads N] [--ort-threads N] [--chart FILE.png]";

    public async Task<int> RunAsync(string[] args)
    {
        var parsed = await ImageBenchmarkArguments.ParseAsync("pipeline", args, defaultImages: 200, pipeline: true);
        if (parsed is not { } options)
        {
            return 2;
        }

        var result = ImageBenchmarkArguments.InTemporaryFolder("jdml-pipeline", folder => Measure(folder, options));
        Console.WriteLine($"images                 {result.Images} ({result.Corpus} corpus, {(result.Exact ? "exact" : "reduced-scale JPEG")} decoding, {result.DecodeThreads} decode thread(s), ORT intra-op {result.OrtThreads}); load average {result.LoadAverage:F2}");
        Console.WriteLine($"product path           {result.FastImagesPerSecond,8:F1} img/s   RadiographDecoder + library backbone, decoding overlapped");
        Console.WriteLine($"ModelEvaluator         {result.EvaluatorImagesPerSecond,8:F1} img/s   + fingerprints + head;  ratio vs ORT {result.EvaluatorRatioVsOrt:F2}");
        Console.WriteLine($"stock ML.NET           {result.MlnetImagesPerSecond,8:F1} img/s   ratio {result.RatioVsMlnet:F2}");
        Console.WriteLine($"raw ONNX Runtime       {result.OrtImagesPerSecond,8:F1} img/s   ratio {result.RatioVsOrt:F2} (target >= {(result.Corpus == "png" ? "0.85" : "0.8")}); bound (decode + inference on {Environment.ProcessorCount} cores) {result.BoundRatioVsOrt:F2}");
        Console.WriteLine($"max |product - ML.NET| {result.MaxAbsFeatureDiff:E2}{(result.Corpus == "png" ? " (target <= 1e-4)" : " (not comparable: ML.NET ignores EXIF orientation and 16-bit range)")}");
        Console.WriteLine($"max |product - exact|  {result.MaxAbsFeatureDiffVsExact:E2} (features of this decoding vs full-size decoding; mean {result.MeanAbsFeatureDiffVsExact:E2})");
        Console.WriteLine($"GFLOP/s                {result.GflopsAchieved,8:F1} of {result.GflopsPeak:F1} measured fp32 peak ({result.GflopsAchieved / result.GflopsPeak:P0})");
        Console.WriteLine("ModelEvaluator stages  ms/image  share of its wall time (stages on different threads overlap, so shares can sum past 100 %)");
        foreach (var stage in result.Stages)
        {
            Console.WriteLine($"  {stage.Stage,-14} {stage.MillisecondsPerImage,8:F2}  {stage.ShareOfWall,6:P1}");
        }

        if (options.Chart is { } chart)
        {
            var title = string.Create(CultureInfo.InvariantCulture, $"MODELEVALUATOR STAGES, {result.Corpus} CORPUS, {result.Images} IMAGES, {Environment.ProcessorCount} CORES");
            var subtitle = string.Create(CultureInfo.InvariantCulture,
                $"PRODUCT {result.FastImagesPerSecond:F1}/S = {result.RatioVsOrt:F2} × RAW ORT ({result.OrtImagesPerSecond:F1}/S), BOUND {result.BoundRatioVsOrt:F2}, LOAD {result.LoadAverage:F1}");
            AtomicFile.WriteAllBytes(chart, PipelineChart.Render(title, subtitle, [.. result.Stages.Select(s => (s.Stage, s.MillisecondsPerImage, s.ShareOfWall))]));
            Console.WriteLine($"chart                  {Path.GetFullPath(chart)}");
        }

        if (options.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(result, ImageBenchmarkArguments.Json));
        }

        return 0;
    }

    private static PipelineResult Measure(string folder, ImageBenchmarkOptions options)
    {
        var count = options.Images;
        var (paths, training) = WriteCorpus(folder, options);
        var records = paths.Select((p, i) => new RadiographRecord(p, Joint.Hip, PhantomLabels.For(i % 2 == 0), i % 2 == 0)).ToList();
        var decoding = options.Exact ? ImageDecodingOptions.Exact : ImageDecodingOptions.Default;
        var backbone = options.OrtThreads is { } threads
            ? Backbone.FromOnnx(Backbone.ResNet18Options() with { IntraOpThreads = threads })
            : Backbone.ResNet18();
        var model = TrainHead(backbone, training);
        var mlnet = new MlNetFeaturizer();
        using var ort = new RawOrt(backbone, paths);

        // Warm-up: JIT, sessions and ONNX Runtime's first-run allocations stay out of every timing.
        ProductFeaturize(backbone, paths.Take(16).ToList(), decoding, options.DecodeThreads);
        ModelEvaluator.ScoreAsync(model, records.Take(8).ToList(), decoding: decoding).GetAwaiter().GetResult();
        mlnet.Featurize(paths.Take(4).ToList());
        ort.Run(0, 8);

        // Rounds interleave the paths (and the peak kernel) so that load from other processes on a shared machine
        // falls on all of them alike.
        var rounds = Math.Max(1, count / 25);
        double fastSeconds = 0, mlnetSeconds = 0, ortSeconds = 0, evaluatorSeconds = 0, peak = 0;
        var fast = new List<BackboneOutput>(count);
        var reference = new List<float[]>(count);
        var timings = new PipelineStageTimings();
        for (var r = 0; r < rounds; r++)
        {
            var start = r * count / rounds;
            var end = (r + 1) * count / rounds;
            var subset = paths[start..end];
            var clock = Stopwatch.StartNew();
            fast.AddRange(ProductFeaturize(backbone, subset, decoding, options.DecodeThreads));
            fastSeconds += clock.Elapsed.TotalSeconds;

            clock.Restart();
            using (PipelineStageTimings.Collect(timings))
            {
                ModelEvaluator.ScoreAsync(model, records[start..end], strict: true, decoding: decoding).GetAwaiter().GetResult();
            }

            evaluatorSeconds += clock.Elapsed.TotalSeconds;

            clock.Restart();
            reference.AddRange(mlnet.Featurize(subset));
            mlnetSeconds += clock.Elapsed.TotalSeconds;

            clock.Restart();
            ort.Run(start, subset.Count);
            ortSeconds += clock.Elapsed.TotalSeconds;

            peak += PeakFlops.MeasureGflops(TimeSpan.FromSeconds(0.5)) / rounds;
        }

        // Untimed: the features of full-size decoding, against which reduced-scale decoding is held.
        var exact = options.Exact ? fast : [.. ProductFeaturize(backbone, paths, ImageDecodingOptions.Exact, options.DecodeThreads)];
        var maxDiff = 0.0;
        double maxVsExact = 0, sumVsExact = 0;
        for (var i = 0; i < count; i++)
        {
            for (var j = 0; j < reference[i].Length; j++)
            {
                maxDiff = Math.Max(maxDiff, Math.Abs(reference[i][j] - fast[i].Pooled[j]));
                var vsExact = Math.Abs(exact[i].Pooled[j] - fast[i].Pooled[j]);
                maxVsExact = Math.Max(maxVsExact, vsExact);
                sumVsExact += vsExact;
            }
        }

        var fastRate = count / fastSeconds;
        var mlnetRate = count / mlnetSeconds;
        var ortRate = count / ortSeconds;
        var evaluatorRate = count / evaluatorSeconds;
        var stages = Enum.GetValues<PipelineStage>()
            .Select(s => new StageTiming(s.ToString(), timings.Elapsed(s).TotalMilliseconds / count, timings.Elapsed(s).TotalSeconds / evaluatorSeconds))
            .ToList();

        // The bound: inference keeps every core busy for 1/ortRate per image; preparing an image (read to tensor) is
        // CPU work on top, which the cores share.
        var preparationSeconds = PreparationStages.Sum(s => timings.Elapsed(s).TotalSeconds) / count;
        var boundRate = 1 / ((1 / ortRate) + (preparationSeconds / Environment.ProcessorCount));
        return new PipelineResult(
            count, options.Corpus, options.Exact, options.DecodeThreads, backbone.Options.IntraOpThreads ?? Environment.ProcessorCount, LoadAverage(),
            fastRate, evaluatorRate, mlnetRate, ortRate, fastRate / mlnetRate, fastRate / ortRate, evaluatorRate / ortRate, boundRate / ortRate,
            maxDiff, maxVsExact, sumVsExact / (count * (double)reference[0].Length), fastRate * GflopPerImage, peak, stages);
    }

    private static (List<string> Paths, List<RadiographRecord> Training) WriteCorpus(string folder, ImageBenchmarkOptions options)
    {
        const int Seed = 20260501;
        if (options.Corpus == "realistic")
        {
            var files = RealisticCorpus.Write(Path.Combine(folder, "images"), options.Images, Seed);
            var training = RealisticCorpus.Write(Path.Combine(folder, "training"), TrainingImages, Seed + 1);
            return ([.. files.Select(f => f.Path)], [.. training.Select(f => f.ToRecord() with { Joint = Joint.Hip })]);
        }

        var paths = PipelineImages.Write(Path.Combine(CreateFolder(folder, "images")), options.Images, Seed);
        var trainingPaths = PipelineImages.Write(CreateFolder(folder, "training"), TrainingImages, Seed + 1);
        return (paths, [.. trainingPaths.Select((p, i) => new RadiographRecord(p, Joint.Hip, PhantomLabels.For(i % 2 == 0), i % 2 == 0))]);
    }

    private static string CreateFolder(string parent, string name) => Directory.CreateDirectory(Path.Combine(parent, name)).FullName;

    /// <summary>A logistic head on a few images, two folds, no augmentation: only its cost matters here.</summary>
    private static DislocationModel TrainHead(OnnxBackbone backbone, List<RadiographRecord> training) =>
        new ExperimentBuilder(seed: 1)
            .ForJoint(Joint.Hip)
            .WithRecords(training)
            .WithBackbone(backbone)
            .WithHeads(HeadKind.LogisticRegression)
            .WithAugmentation(AugmentationMode.None)
            .WithCrossValidation(2)
            .Build()
            .RunAsync()
            .GetAwaiter()
            .GetResult()
            .Model;

    /// <summary>
    /// The library's path as <see cref="ModelEvaluator"/> runs it, without fingerprints and head: the next chunk is
    /// decoded by <see cref="RadiographDecoder"/> on <paramref name="decodeThreads"/> threads while the backbone runs
    /// this one.
    /// </summary>
    private static BackboneOutput[] ProductFeaturize(OnnxBackbone backbone, List<string> paths, ImageDecodingOptions decoding, int decodeThreads)
    {
        Task<GrayImage[]> Decode(int start) => Task.Run(() =>
        {
            var images = new GrayImage[Math.Min(Chunk, paths.Count - start)];
            Parallel.For(0, images.Length, new ParallelOptions { MaxDegreeOfParallelism = decodeThreads }, i => images[i] = RadiographDecoder.Decode(paths[start + i], decoding));
            return images;
        });

        var outputs = new List<BackboneOutput>(paths.Count);
        var pending = Decode(0);
        for (var start = 0; start < paths.Count; start += Chunk)
        {
            var images = pending.GetAwaiter().GetResult();
            if (start + Chunk < paths.Count)
            {
                pending = Decode(start + Chunk);
            }

            outputs.AddRange(backbone.Featurize(images));
        }

        return [.. outputs];
    }

    private static double LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    /// <summary>Stock ML.NET, fitted once (loading its two ONNX sessions), then applied to each round's images.</summary>
    private sealed class MlNetFeaturizer
    {
        private readonly MLContext _ml = new(seed: 1);
        private readonly TransformerChain<TransformerChain<Microsoft.ML.Transforms.ColumnCopyingTransformer>> _transformer;

        public MlNetFeaturizer()
        {
            var pipeline = _ml.Transforms.LoadImages("Image", imageFolder: string.Empty, inputColumnName: nameof(ImageRow.ImagePath))
                .Append(_ml.Transforms.ResizeImages("Image", 224, 224))
                .Append(_ml.Transforms.ExtractPixels("Pixels", "Image"))
                .Append(_ml.Transforms.DnnFeaturizeImage("Features", m => m.ModelSelector.ResNet18(_ml, m.OutputColumn, m.InputColumn), "Pixels"));
            _transformer = pipeline.Fit(_ml.Data.LoadFromEnumerable(Array.Empty<ImageRow>()));
        }

        public float[][] Featurize(List<string> paths)
        {
            var data = _ml.Data.LoadFromEnumerable(paths.Select(p => new ImageRow { ImagePath = p }));
            return [.. _transformer.Transform(data).GetColumn<VBuffer<float>>("Features").Select(v => v.DenseValues().ToArray())];
        }
    }

    /// <summary>Inference alone on tensors prepared beforehand: batch 8, intra-op 2, spinning off, pooled output only.</summary>
    private sealed class RawOrt : IDisposable
    {
        private const int Batch = 8;
        private readonly float[] _tensors;
        private readonly int _perImage;
        private readonly long[] _shape;
        private readonly string _input;
        private readonly string _pooled;
        private readonly SessionOptions _sessionOptions;
        private readonly InferenceSession _session;
        private readonly RunOptions _runOptions = new();

        public RawOrt(OnnxBackbone backbone, List<string> paths)
        {
            _perImage = 3 * backbone.InputWidth * backbone.InputHeight;
            _shape = [Batch, 3, backbone.InputHeight, backbone.InputWidth];
            _tensors = new float[paths.Count * _perImage];
            Parallel.For(0, paths.Count, i => backbone.Prepare(RadiographDecoder.Decode(paths[i], ImageDecodingOptions.Exact), _tensors.AsSpan(i * _perImage, _perImage)));

            var options = backbone.Options;
            _input = options.InputName;
            _pooled = options.PooledOutputName;
            var model = OnnxGraphEditor.Prepare(File.ReadAllBytes(options.ModelPath), options.ModelPath, options.InputName, options.PooledOutputName, options.MapOutputName).Model;
            _sessionOptions = new SessionOptions { IntraOpNumThreads = 2, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
            _sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            _sessionOptions.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
            _session = new InferenceSession(model, _sessionOptions);
        }

        public void Run(int first, int count)
        {
            for (var start = first; start < first + count; start += Batch)
            {
                var n = Math.Min(Batch, first + count - start);
                _shape[0] = n;
                using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _tensors.AsMemory(start * _perImage, n * _perImage), _shape);
                using var results = _session.Run(_runOptions, [_input], [input], [_pooled]);
                _ = results[0].GetTensorDataAsSpan<float>()[0];
            }
        }

        public void Dispose()
        {
            _session.Dispose();
            _sessionOptions.Dispose();
            _runOptions.Dispose();
        }
    }

    private sealed class ImageRow
    {
        public string ImagePath { get; set; } = string.Empty;
    }

    private sealed record StageTiming(string Stage, double MillisecondsPerImage, double ShareOfWall);

    private sealed record PipelineResult(
        int Images,
        string Corpus,
        bool Exact,
        int DecodeThreads,
        int OrtThreads,
        double LoadAverage,
        double FastImagesPerSecond,
        double EvaluatorImagesPerSecond,
        double MlnetImagesPerSecond,
        double OrtImagesPerSecond,
        double RatioVsMlnet,
        double RatioVsOrt,
        double EvaluatorRatioVsOrt,
        double BoundRatioVsOrt,
        double MaxAbsFeatureDiff,
        double MaxAbsFeatureDiffVsExact,
        double MeanAbsFeatureDiffVsExact,
        double GflopsAchieved,
        double GflopsPeak,
        IReadOnlyList<StageTiming> Stages);
}
