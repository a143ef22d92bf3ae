using System.Diagnostics;
using JointDislocation.ML.Augmentation;
using JointDislocation.ML.Data;
using JointDislocation.ML.Evaluation;
using JointDislocation.ML.Tests.Data;
using JointDislocation.ML.Tests.Training;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Tests.Reliability;

/// <summary>A folder of 10 000 images is streamed through loading and scoring, never held in memory.</summary>
[NonParallelizable]
public class BoundedResourceTests
{
    private const int Count = 10_000;
    private const int Side = 256;

    [Test]
    public async Task Ten_thousand_images_are_scored_in_bounded_memory()
    {
        using var folder = new TemporaryDirectory("jdml-10k");
        var trained = await new DislocationContext(1).Training().ForJoint(Joint.Hip).WithRecords(TrainingData.Write(folder.Combine("train"), 6, 41))
            .WithBackbone(new GridBackbone()).WithHeads(HeadKind.LogisticRegression).WithAugmentation(AugmentationMode.None).WithCrossValidation(2).Build().RunAsync();

        // Eight different images, copied: writing is cheap, and every copy is decoded on its own.
        var variants = Enumerable.Range(0, 8).Select(v => TestImages.GrayPng(Side, Side, TestImages.Pattern(Side, Side, v))).ToList();
        for (var i = 0; i < Count; i++)
        {
            var label = i % 2 == 0 ? "dislocated" : "located";
            TestImages.Write(folder.Combine("test", label, $"{i:D5}.png"), variants[i % variants.Count]);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseline = LiveAfterLastCollection();
        var collectionsBefore = GC.CollectionCount(0);
        long peak = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, LiveAfterLastCollection());
                await Task.Delay(5);
            }
        });
        var clock = Stopwatch.StartNew();

        var dataset = RadiographDataset.Load(folder.Combine("test"), new DatasetOptions { Joint = Joint.Hip });
        var evaluation = await ModelEvaluator.EvaluateAsync(trained.Model, dataset.Records);

        clock.Stop();
        await sampling.CancelAsync();
        await sampler;
        var growth = peak - baseline;
        var heldAll = (long)Count * Side * Side;
        using var process = Process.GetCurrentProcess();
        TestContext.Out.WriteLine(
            $"{Count} images of {Side}×{Side} in {clock.Elapsed.TotalSeconds:F1} s; live heap after collections peaked at {peak / 1e6:F0} MB, {growth / 1e6:F0} MB above the baseline; " +
            $"holding the decoded images would take {heldAll / 1e6:F0} MB (gray) or {heldAll * 4 / 1e6:F0} MB (RGBA); process peak working set {process.PeakWorkingSet64 / 1e6:F0} MB");

        Assert.That(evaluation.Images, Has.Count.EqualTo(Count));
        Assert.That(GC.CollectionCount(0) - collectionsBefore, Is.GreaterThanOrEqualTo(2), "the heap was measured after collections during the run");
        Assert.That(growth, Is.LessThan(heldAll / 4), "memory grew as if the images were held");
    }

    /// <summary>
    /// What survived the last collection (all generations): the memory the process holds. The heap's size between
    /// collections also counts garbage not yet collected, and how much of that the collector lets pile up depends
    /// on what ran before in the process (after the suite's large phantoms it reached 800 MB here).
    /// </summary>
    private static long LiveAfterLastCollection()
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        long live = 0;
        foreach (var generation in info.GenerationInfo)
        {
            live += generation.SizeAfterBytes;
        }

        return live - info.FragmentedBytes;
    }
}
