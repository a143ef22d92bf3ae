using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using JointDislocation.ML.Backbones;
using JointDislocation.ML.FineTuning.Training;
using JointDislocation.ML.Imaging;
using JointDislocation.ML.Phantoms;
using JointDislocation.ML.Statistics;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Benchmarks;

/// <summary>
/// Fine-tuning beside the frozen path, in one process and one run (issue 18, item 6): the frozen backbone's
/// featurization rate on ONNX Runtime, full and last-block fine-tuning's training rates on TorchSharp (each as a
/// fraction of the bound featurization rate ÷ 3, since a forward and backward pass cost about three forward passes),
/// the peak resident memory of each phase, and on phantoms the AUROC of a logistic-regression head on each backbone's
/// pooled features: trained on internet-style phantoms of one joint, tested on hospital-style ones, with DeLong's
/// paired test against the frozen backbone.
/// </summary>
internal sealed class FineTuneBenchmark : IQuickBenchmark
{
    public string Name => "finetune";

    public string Description => "fine-tuning (full, last block) vs the frozen ResNet18: images/s, peak memory, phantom AUROC with DeLong [--images N>=8] [--epochs N>=1] [--joint shoulder|hip|elbow] [--scope full|lastblock] [--batch N>=2] [--input-size N] [--json]";

    public async Task<int> RunAsync(string[] args)
    {
        var usage = $"Usage: {Name} [--images N>=8] [--epochs N>=1] [--joint shoulder|hip|elbow] [--scope full|lastblock] [--batch N>=2] [--input-size N] [--json]";
        var (images, epochs, joint, json, batch, inputSize) = (32, 3, Joint.Shoulder, false, new FineTuningOptions().BatchSize, Backbone.ResNet18InputSize);
        FineTuningScope[] scopes = [FineTuningScope.Full, FineTuningScope.LastBlock];
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            var number = int.TryParse(value, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
            switch (args[i])
            {
                case "--images" when number >= 8:
                    images = n;
                    i++;
                    break;
                case "--epochs" when number >= 1:
                    epochs = n;
                    i++;
                    break;
                case "--joint" when Enum.TryParse<Joint>(value, ignoreCase: true, out var parsed) && value!.All(char.IsAsciiLetter):
                    joint = parsed;
                    i++;
                    break;
                case "--scope" when value is "full" or "lastblock":
                    // One scope per process: its peak memory then owes nothing to the other's leftovers.
                    scopes = [value == "full" ? FineTuningScope.Full : FineTuningScope.LastBlock];
                    i++;
                    break;
                case "--batch" when number >= 2:
                    batch = n;
                    i++;
                    break;
                case "--input-size" when number is not null && Backbone.IsValidResNet18InputSize(n):
                    inputSize = n;
                    i++;
                    break;
                case "--json":
                    json = true;
                    break;
                default:
                    await Console.Error.WriteLineAsync($"Unknown or invalid argument '{args[i]}'. {usage}");
                    return 2;
            }
        }

        var loadBefore = LoadAverage();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores; load average before: {loadBefore}; {images} training phantoms ({joint}, internet style, half dislocated), {images} test phantoms (hospital style); {epochs} epochs, batches of {batch}, input {inputSize} × {inputSize}"));
        var (trainImages, trainLabels) = Phantoms(joint, PhantomStyle.Internet, images, seed: 1000);
        var (testImages, testLabels) = Phantoms(joint, PhantomStyle.Hospital, images, seed: 2000);
        var backbone = Backbone.ResNet18(inputSize: inputSize);
        backbone.Featurize(trainImages.Take(2).ToList()); // warm-up: session arenas

        // Phase 1: the frozen path's featurization rate (ONNX Runtime, the product's backbone forward).
        var frozenStart = ResetPeak();
        var start = Stopwatch.GetTimestamp();
        var frozenTrain = backbone.Featurize(trainImages);
        var featurizeSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var frozenTest = backbone.Featurize(testImages);
        var frozenPeak = PeakMegabytes();
        var featurizeRate = trainImages.Count / featurizeSeconds;
        var bound = featurizeRate / 3;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"frozen featurization (ORT): {featurizeRate:0.00} images/s ({trainImages.Count} images in {featurizeSeconds:0.00} s); bound for training = {bound:0.00} images/s; RSS {frozenStart:0} MB at the start, peak {frozenPeak:0} MB"));

        var folder = Path.Combine(Path.GetTempPath(), $"jdml-finetune-bench-{Guid.NewGuid():N}");
        try
        {
            var phases = new List<object>();
            var scores = new Dictionary<string, double[]> { ["frozen"] = HeadScores(frozenTrain, trainLabels, frozenTest) };
            foreach (var scope in scopes)
            {
                var rssStart = ResetPeak();
                var options = new FineTuningOptions { Epochs = epochs, Scope = scope, Seed = 1, BatchSize = batch };
                var phaseStart = Stopwatch.GetTimestamp();
                var result = await BackboneFineTuner.FineTuneAsync(backbone, trainImages, trainLabels, Path.Combine(folder, $"{scope}.onnx"), options);
                var totalSeconds = Stopwatch.GetElapsedTime(phaseStart).TotalSeconds;
                var peak = PeakMegabytes();
                var rate = result.ImagesTrained / result.TrainingSeconds;
                var withCache = result.ImagesTrained / (result.TrainingSeconds + result.CacheSeconds);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{scope}: {rate:0.00} images/s training ({result.ImagesTrained} image passes in {result.TrainingSeconds:0.00} s) = {rate / bound:0.00} of the bound; with the cache's {result.CacheSeconds:0.00} s {withCache:0.00} images/s = {withCache / bound:0.00} of the bound; preparation {result.PreparationSeconds:0.00} s, validation {result.ValidationSeconds:0.00} s, whole call {totalSeconds:0.00} s; best epoch {result.BestEpoch} of {result.EpochLosses.Count}; RSS {rssStart:0} MB at the start, peak {peak:0} MB"));

                var tuned = Backbone.FromOnnx(Backbone.ResNet18Options(inputSize) with { ModelPath = result.Backbone.Path });
                scores[scope.ToString()] = HeadScores(tuned.Featurize(trainImages), trainLabels, tuned.Featurize(testImages));
                phases.Add(new
                {
                    scope = scope.ToString(), imagesPerSecond = rate, fractionOfBound = rate / bound, imagesPerSecondWithCache = withCache, fractionOfBoundWithCache = withCache / bound,
                    result.ImagesTrained, result.TrainingSeconds, result.CacheSeconds, result.PreparationSeconds, result.ValidationSeconds, totalSeconds,
                    result.BestEpoch, epochsRun = result.EpochLosses.Count, result.EpochLosses, result.ValidationLosses, startMegabytes = rssStart, peakMegabytes = peak,
                });
            }

            // The featurization rate again, after the training phases: the machine's load drifts during a run, and the
            // spread of the two rates says how far the ratios above can be trusted.
            start = Stopwatch.GetTimestamp();
            backbone.Featurize(trainImages);
            var featurizeAfter = trainImages.Count / Stopwatch.GetElapsedTime(start).TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"frozen featurization again: {featurizeAfter:0.00} images/s (before: {featurizeRate:0.00}); the bound from their mean would be {(featurizeRate + featurizeAfter) / 6:0.00} images/s"));

            var aurocs = new List<object>();
            foreach (var (name, values) in scores)
            {
                var delong = DeLong.Compute(testLabels, values);
                var paired = name == "frozen" ? null : DeLong.ComparePaired(testLabels, values, scores["frozen"]);
                var comparison = paired is null ? "" : string.Create(CultureInfo.InvariantCulture, $"; vs frozen {paired.Difference:+0.000;-0.000}, DeLong paired p = {paired.PValue:0.000}");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"AUROC {name}: {delong.Auroc:0.000} (95% CI {delong.Interval.Lower:0.000}–{delong.Interval.Upper:0.000}){comparison}"));
                aurocs.Add(new { backbone = name, delong.Auroc, lower = delong.Interval.Lower, upper = delong.Interval.Upper, differenceVsFrozen = paired?.Difference, pValueVsFrozen = paired?.PValue });
            }

            Console.WriteLine($"load average after: {LoadAverage()}");
            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(
                    new { benchmark = Name, cores = Environment.ProcessorCount, images, epochs, batch, inputSize, joint = joint.ToString(), featurizeImagesPerSecond = featurizeRate, featurizeImagesPerSecondAfter = featurizeAfter, bound, frozenStartMegabytes = frozenStart, frozenPeakMegabytes = frozenPeak, loadBefore, loadAfter = LoadAverage(), phases, aurocs },
                    ImageBenchmarkArguments.Json));
            }
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        return 0;
    }

    private static (List<GrayImage> Images, bool[] Labels) Phantoms(Joint joint, PhantomStyle style, int count, int seed)
    {
        var labels = Enumerable.Range(0, count).Select(i => i % 2 == 1).ToArray();
        var images = labels.Select((dislocated, i) => PhantomGenerator.Generate(new PhantomOptions { Joint = joint, Dislocated = dislocated, Style = style }, seed + i).Image).ToList();
        return (images, labels);
    }

    /// <summary>A logistic-regression head fitted on the training features, scored on the test features.</summary>
    private static double[] HeadScores(BackboneOutput[] train, bool[] labels, BackboneOutput[] test)
    {
        var head = HeadTrainer.Train(HeadKind.LogisticRegression, train.Select(o => o.PooledToArray()).ToList(), labels, seed: 1);
        return head.Score(test.Select(o => o.PooledToArray()).ToList()).Select(s => (double)s.Probability).ToArray();
    }

    /// <summary>
    /// Resets the kernel's high-water mark of resident memory to the current RSS (Linux; no-op elsewhere) and returns
    /// that RSS in MB: memory an earlier phase kept (libtorch's and glibc's free lists) stays counted in a later one.
    /// </summary>
    private static double ResetPeak()
    {
        GC.Collect();
        if (File.Exists("/proc/self/clear_refs"))
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }

        return Status("VmRSS:");
    }

    /// <summary>VmHWM of /proc/self/status in MB; NaN where there is none.</summary>
    private static double PeakMegabytes() => Status("VmHWM:");

    private static double Status(string field)
    {
        if (!File.Exists("/proc/self/status"))
        {
            return double.NaN;
        }

        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
