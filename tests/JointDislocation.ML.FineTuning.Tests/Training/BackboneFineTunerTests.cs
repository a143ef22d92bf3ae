using JointDislocation.ML.Backbones;
using JointDislocation.ML.FineTuning.Tests.Networks;
using JointDislocation.ML.FineTuning.Training;

namespace JointDislocation.ML.FineTuning.Tests.Training;

public class BackboneFineTunerTests
{
    [Test]
    public async Task The_same_seed_gives_the_same_fine_tuned_ONNX_bytes()
    {
        var backbone = Backbone.ResNet18();
        var images = OnnxConvNetTests.Phantoms();
        bool[] labels = [false, true, true, false];
        var options = new FineTuningOptions { BatchSize = 2, LearningRate = 0.01, Seed = 5 };
        var folder = Path.Combine(Path.GetTempPath(), $"jdml-finetune-{Guid.NewGuid():N}");
        try
        {
            var steps = new List<FineTuningProgress>();
            var first = await BackboneFineTuner.FineTuneAsync(backbone, images, labels, Path.Combine(folder, "a.onnx"), options, new SynchronousProgress(steps.Add));
            var second = await BackboneFineTuner.FineTuneAsync(backbone, images, labels, Path.Combine(folder, "b.onnx"), options);

            Assert.Multiple(() =>
            {
                Assert.That(first.Steps, Is.EqualTo(2));
                Assert.That(steps.Select(s => s.Step), Is.EqualTo(new[] { 1, 2 }));
                Assert.That(first.EpochLosses, Has.Count.EqualTo(1).And.All.GreaterThan(0.0));
                Assert.That(first.Backbone.Sha256, Is.Not.EqualTo(backbone.Sha256), "training changed the weights");
                Assert.That(second.Backbone.Sha256, Is.EqualTo(first.Backbone.Sha256), "same seed, same bytes");
                Assert.That(File.ReadAllBytes(second.Backbone.Path), Is.EqualTo(File.ReadAllBytes(first.Backbone.Path)));
            });
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Test]
    public void Invalid_options_and_one_class_labels_are_refused_before_any_work()
    {
        var backbone = Backbone.ResNet18();
        var images = OnnxConvNetTests.Phantoms();

        var options = Assert.ThrowsAsync<ArgumentException>(() => BackboneFineTuner.FineTuneAsync(backbone, images, [false, true, true, false], "x.onnx", new FineTuningOptions { Epochs = 0, BatchSize = 1 }));
        var oneClass = Assert.ThrowsAsync<ArgumentException>(() => BackboneFineTuner.FineTuneAsync(backbone, images, [true, true, true, true], "x.onnx"));

        Assert.Multiple(() =>
        {
            Assert.That(options!.Message, Does.Contain("Epochs must be at least 1 (was 0).").And.Contain("BatchSize must be at least 2 (was 1)."));
            Assert.That(oneClass!.Message, Does.StartWith("Fine-tuning needs images of both classes"));
        });
    }

    private sealed class SynchronousProgress(Action<FineTuningProgress> report) : IProgress<FineTuningProgress>
    {
        public void Report(FineTuningProgress value) => report(value);
    }
}
