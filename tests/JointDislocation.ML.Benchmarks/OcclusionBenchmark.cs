using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using JointDislocation.ML.Augmentation;
using JointDislocation.ML.Data;
using JointDislocation.ML.Phantoms;
using JointDislocation.ML.Saliency;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Benchmarks;

/// <summary>
/// Occlusion sensitivity of a real model per image, end to end as <c>jdml explain --method occlusion</c> runs it
/// (resize to the input grid once, 169 occluded inputs + 1 through ResNet18 in batches, the head, the map back onto
/// the original), with the default options, for a small and a large original. The model is a FastTree head (the
/// case occlusion exists for) trained on a few phantoms first; its training is not timed.
/// </summary>
internal sealed class OcclusionBenchmark : IQuickBenchmark
{
    private static readonly (int Width, int Height)[] Sizes = [(512, 512), (2713, 2247)];

    public string Name => "occlusion";

    public string Description => "occlusion per image with a FastTree head on ResNet18, defaults, originals 512×512 and 2713×2247 [--images N>=8] [--json]";

    public async Task<int> RunAsync(string[] args)
    {
        var parsed = await ImageBenchmarkArguments.ParseAsync(Name, args, defaultImages: 8);
        if (parsed is not { } options)
        {
            return 2;
        }

        var model = ImageBenchmarkArguments.InTemporaryFolder("jdml-occlusion-bench", folder => Train(folder).GetAwaiter().GetResult());
        var defaults = new OcclusionSensitivityOptions();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"patch {defaults.PatchSize}, stride {defaults.Stride} (input pixels), batch {defaults.BatchSize}, baseline {defaults.Baseline}; {Environment.ProcessorCount} cores; load average {LoadAverage()}"));

        // Warm-up: the session's first batches allocate its arenas.
        await ModelExplainer.OcclusionAsync(model, PipelineImages.Create(300, 300, 1));
        var results = new List<object>();
        foreach (var (width, height) in Sizes)
        {
            var seconds = new double[options.Images];
            var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < options.Images; i++)
            {
                var image = PipelineImages.Create(width, height, 100 + i);
                var start = Stopwatch.GetTimestamp();
                var explanation = await ModelExplainer.OcclusionAsync(model, image);
                seconds[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
                if (explanation.Map.Width != width || explanation.Map.Height != height)
                {
                    throw new InvalidOperationException("The map is not at the original's size.");
                }
            }

            // CPU time per image: on a machine shared with other jobs the wall time says more about them than about
            // us, while CPU seconds ÷ cores is what the same work takes on idle cores (an upper bound: contention
            // for caches and hyper-threads inflates CPU time too).
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds / options.Images;
            Array.Sort(seconds);
            var median = seconds[seconds.Length / 2];

            // The part that grows with the original: bringing it to the input grid, and the map back onto it.
            var sample = PipelineImages.Create(width, height, 100);
            var resizeStart = Stopwatch.GetTimestamp();
            model.Backbone.ToInput(sample);
            var resizeSeconds = Stopwatch.GetElapsedTime(resizeStart).TotalSeconds;
            var coarse = new SaliencyMap(model.Backbone.InputWidth, model.Backbone.InputHeight, new float[model.Backbone.InputWidth * model.Backbone.InputHeight]);
            var upsampleStart = Stopwatch.GetTimestamp();
            ClassActivationMap.Upsample(coarse, width, height, InputMapping.CenterCrop(width, height, model.Backbone.InputWidth, model.Backbone.InputHeight));
            var upsampleSeconds = Stopwatch.GetElapsedTime(upsampleStart).TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{width}×{height}: median {median:0.00} s/image (min {seconds[0]:0.00}, max {seconds[^1]:0.00}) over {options.Images} images; CPU {cpuSeconds:0.00} s/image (÷ {Environment.ProcessorCount} cores = {cpuSeconds / Environment.ProcessorCount:0.00} s on idle cores); of which resize to the input {resizeSeconds:0.000} s, map back {upsampleSeconds:0.000} s"));
            results.Add(new { width, height, medianSeconds = median, minSeconds = seconds[0], maxSeconds = seconds[^1], cpuSeconds, resizeSeconds, upsampleSeconds });
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average after: {LoadAverage()}"));
        if (options.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(
                new { benchmark = Name, images = options.Images, patchSize = defaults.PatchSize, stride = defaults.Stride, cores = Environment.ProcessorCount, results },
                ImageBenchmarkArguments.Json));
        }

        return 0;
    }

    private static async Task<DislocationModel> Train(string folder)
    {
        var set = await PhantomSetWriter.WriteAsync(new PhantomSetOptions
        {
            OutputDirectory = folder, Joints = [Joint.Hip], PerClass = 16, Style = PhantomStyle.Internet, Seed = 1,
        });
        var data = RadiographDataset.LoadManifest(set.ManifestPath).ForJoint(Joint.Hip);
        var result = await new DislocationContext(42).Training().ForJoint(Joint.Hip).WithData(data)
            .WithHeads(HeadKind.FastTree).WithAugmentation(AugmentationMode.None).WithCrossValidation(2).Build().RunAsync();
        return result.Model;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
