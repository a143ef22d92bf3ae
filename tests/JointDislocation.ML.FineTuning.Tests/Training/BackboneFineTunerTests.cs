using JointDislocation.ML.Backbones;
using JointDislocation.ML.FineTuning.Tests.Networks;
using JointDislocation.ML.FineTuning.Training;
using JointDislocation.ML.Imaging;
using JointDislocation.ML.Phantoms;

namespace JointDislocation.ML.FineTuning.Tests.Training;

public class BackboneFineTunerTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Path.Combine(Path.GetTempPath(), $"jdml-finetune-{Guid.NewGuid():N}");

    [TearDown]
    public void DeleteFolder()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [TestCase(FineTuningScope.Full)]
    [TestCase(FineTuningScope.LastBlock)]
    public async Task The_same_seed_gives_the_same_fine_tuned_ONNX_bytes(FineTuningScope scope)
    {
        // The study's preset: augmentation on, a validation split of one image per class, early stopping.
        var backbone = Backbone.ResNet18();
        var images = OnnxConvNetTests.Phantoms();
        bool[] labels = [false, true, true, false];
        var options = new FineTuningOptions { BatchSize = 2, Epochs = 2, LearningRate = 0.01, Seed = 5, Scope = scope };

        var steps = new List<FineTuningProgress>();
        var first = await BackboneFineTuner.FineTuneAsync(backbone, images, labels, Path.Combine(_folder, "a.onnx"), options, new SynchronousProgress(steps.Add));
        var second = await BackboneFineTuner.FineTuneAsync(backbone, images, labels, Path.Combine(_folder, "b.onnx"), options);
        var otherSeed = await BackboneFineTuner.FineTuneAsync(backbone, images, labels, Path.Combine(_folder, "c.onnx"), options with { Seed = 6 });

        TestContext.Out.WriteLine($"{scope}: training losses {string.Join(", ", first.EpochLosses)}; validation {string.Join(", ", first.ValidationLosses)}; best epoch {first.BestEpoch}");
        Assert.Multiple(() =>
        {
            Assert.That((first.TrainingImages, first.ValidationImages), Is.EqualTo((2, 2)));
            Assert.That(first.Steps, Is.EqualTo(2), "one batch of two per epoch");
            Assert.That(steps.Select(s => s.Step), Is.EqualTo(new[] { 1, 2 }));
            Assert.That(first.EpochLosses, Has.Count.EqualTo(2).And.All.GreaterThan(0.0));
            Assert.That(first.ValidationLosses, Has.Count.EqualTo(2).And.All.GreaterThan(0.0));
            Assert.That(first.BestEpoch, Is.EqualTo(first.ValidationLosses.ToList().IndexOf(first.ValidationLosses.Min()) + 1));
            Assert.That(first.Backbone.Sha256, Is.Not.EqualTo(backbone.Sha256), "training changed the weights");
            Assert.That(second.Backbone.Sha256, Is.EqualTo(first.Backbone.Sha256), "same seed, same bytes");
            Assert.That(File.ReadAllBytes(second.Backbone.Path), Is.EqualTo(File.ReadAllBytes(first.Backbone.Path)));
            Assert.That(otherSeed.Backbone.Sha256, Is.Not.EqualTo(first.Backbone.Sha256), "the seed matters");
        });
    }

    [Test]
    public async Task Early_stopping_exports_the_best_epochs_weights()
    {
        // Last block only, to keep it cheap; a learning rate high enough that the validation loss need not keep falling.
        var backbone = Backbone.ResNet18();
        var images = OnnxConvNetTests.Phantoms();
        bool[] labels = [false, true, true, false];
        var options = new FineTuningOptions { BatchSize = 2, Epochs = 4, Patience = 1, LearningRate = 0.3, Seed = 3, Scope = FineTuningScope.LastBlock, Augment = false };

        var stopped = await BackboneFineTuner.FineTuneAsync(backbone, images, labels, Path.Combine(_folder, "stopped.onnx"), options);
        var upToBest = await BackboneFineTuner.FineTuneAsync(backbone, images, labels, Path.Combine(_folder, "best.onnx"), options with { Epochs = stopped.BestEpoch });

        TestContext.Out.WriteLine($"validation losses {string.Join(", ", stopped.ValidationLosses)}; best epoch {stopped.BestEpoch}; stopped early {stopped.StoppedEarly}");
        var run = stopped.EpochLosses.Count;
        Assert.Multiple(() =>
        {
            Assert.That(stopped.ValidationLosses, Has.Count.EqualTo(run));
            Assert.That(stopped.BestEpoch, Is.EqualTo(stopped.ValidationLosses.ToList().IndexOf(stopped.ValidationLosses.Min()) + 1));
            Assert.That(run, Is.EqualTo(stopped.StoppedEarly ? stopped.BestEpoch + options.Patience : options.Epochs));
            Assert.That(upToBest.Backbone.Sha256, Is.EqualTo(stopped.Backbone.Sha256), "the exported weights are those of the best epoch");
        });
    }

    [Test]
    public void The_validation_split_is_stratified_and_seeded()
    {
        var labels = Enumerable.Range(0, 23).Select(i => i % 3 == 0).ToArray(); // 8 dislocated, 15 located
        var options = new FineTuningOptions { ValidationFraction = 0.25, Seed = 1 };

        var (training, validation) = BackboneFineTuner.Split(labels, options);
        var again = BackboneFineTuner.Split(labels, options);
        var other = BackboneFineTuner.Split(labels, options with { Seed = 2 });
        var none = BackboneFineTuner.Split(labels, options with { ValidationFraction = 0 });

        Assert.Multiple(() =>
        {
            Assert.That(validation.Count(i => labels[i]), Is.EqualTo(2));
            Assert.That(validation.Count(i => !labels[i]), Is.EqualTo(4));
            Assert.That(training.Concat(validation).Order(), Is.EqualTo(Enumerable.Range(0, 23)));
            Assert.That(again.Validation, Is.EqualTo(validation));
            Assert.That(other.Validation, Is.Not.EqualTo(validation));
            Assert.That(none.Validation, Is.Empty);
            Assert.That(none.Training, Has.Length.EqualTo(23));
        });
    }

    [Test]
    public void Invalid_options_one_class_labels_and_too_small_classes_are_refused_before_any_work()
    {
        var backbone = Backbone.ResNet18();
        var images = OnnxConvNetTests.Phantoms();

        var options = Assert.ThrowsAsync<ArgumentException>(() => BackboneFineTuner.FineTuneAsync(backbone, images, [false, true, true, false], "x.onnx",
            new FineTuningOptions { Epochs = 0, BatchSize = 1, ValidationFraction = 0.7, Patience = 0, CachedCopies = 0, Scope = (FineTuningScope)7 }));
        var oneClass = Assert.ThrowsAsync<ArgumentException>(() => BackboneFineTuner.FineTuneAsync(backbone, images, [true, true, true, true], "x.onnx"));
        var small = Assert.ThrowsAsync<ArgumentException>(() => BackboneFineTuner.FineTuneAsync(backbone, images, [false, true, false, false], "x.onnx"));

        Assert.Multiple(() =>
        {
            Assert.That(options!.Message, Does.Contain("Epochs must be at least 1 (was 0).").And.Contain("BatchSize must be at least 2 (was 1).")
                .And.Contain("ValidationFraction must be 0 or in (0, 0.5] (was 0.7).").And.Contain("Patience must be at least 1 (was 0).")
                .And.Contain("CachedCopies must be at least 1 (was 0).").And.Contain("Scope must be Full or LastBlock (was 7)."));
            Assert.That(oneClass!.Message, Does.StartWith("Fine-tuning needs images of both classes"));
            Assert.That(small!.Message, Does.StartWith("The validation split (0.2) needs at least two dislocated images (has 1); set ValidationFraction to 0"));
        });
    }

    private sealed class SynchronousProgress(Action<FineTuningProgress> report) : IProgress<FineTuningProgress>
    {
        public void Report(FineTuningProgress value) => report(value);
    }
}
