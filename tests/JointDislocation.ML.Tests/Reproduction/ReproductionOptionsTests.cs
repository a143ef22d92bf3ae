using JointDislocation.ML.Augmentation;
using JointDislocation.ML.Reproduction;
using JointDislocation.ML.Tests.Training;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Tests.Reproduction;

public class ReproductionOptionsTests
{
    [Test]
    public void Defaults_are_the_full_protocol()
    {
        var options = new ReproductionOptions();

        Assert.That(options.Joints, Is.EqualTo(JointNames.All));
        Assert.That(options.Seed, Is.EqualTo(42));
        Assert.That(options.Quick, Is.False);
        Assert.That(options.InternetPerClass, Is.EqualTo(50));
        Assert.That(options.HospitalPerClass, Is.EqualTo(50));
        Assert.That(options.InternalTestFraction, Is.EqualTo(0.2));
        Assert.That(options.Difficulty, Is.EqualTo(0.3));
        Assert.That(options.Heads, Is.EqualTo(new[] { HeadKind.LogisticRegression, HeadKind.LinearSvm, HeadKind.SdcaLogisticRegression, HeadKind.LightGbm }));
        Assert.That(options.AugmentationModes, Is.EqualTo(new[] { AugmentationMode.Online(ReproductionOptions.DefaultOnlineEpochs), AugmentationMode.Static(13) }));
        Assert.That(options.Folds, Is.EqualTo(5));
        Assert.That(options.DuplicateMaxDistance, Is.EqualTo(4));
        Assert.That(options.GalleryPerGroup, Is.EqualTo(2));
        Assert.That(options.Backbone, Is.Null);
        Assert.That(options.Experiment.Heads, Is.SameAs(options.Heads));
        Assert.That(options.Phantoms.Difficulty, Is.EqualTo(0.3));
    }

    [Test]
    public void The_experiment_and_phantom_rules_are_their_own()
    {
        var options = new ReproductionOptions
        {
            OutputDirectory = "x",
            Experiment = new ExperimentOptions { Folds = 2, Level = 1.5, ThresholdMethod = JointDislocation.ML.Statistics.ThresholdMethod.Fixed },
            Phantoms = new JointDislocation.ML.Phantoms.PhantomOptions { Difficulty = -1 },
        };

        var error = Assert.Throws<ArgumentException>(options.Validate)!;

        // The words come from ExperimentOptions and PhantomOptions, not a copy in ReproductionOptions.
        Assert.That(error.Message, Does.Contain("Level must lie in (0, 1) (was 1.5)."));
        Assert.That(error.Message, Does.Contain("A fixed threshold needs a finite ThresholdParameter."));
        Assert.That(error.Message, Does.Contain("Difficulty must lie in [0, 1], got -1."));
        Assert.That(options.Folds, Is.EqualTo(2));
        Assert.That(options.Difficulty, Is.EqualTo(-1));
    }

    [Test]
    public void Quick_is_a_small_grid_with_the_same_images()
    {
        var quick = new ReproductionOptions { OutputDirectory = "x", Seed = 7 }.AsQuick();

        Assert.That(quick.Quick, Is.True);
        Assert.That(quick.Seed, Is.EqualTo(7));
        Assert.That(quick.Heads, Is.EqualTo(new[] { HeadKind.LogisticRegression, HeadKind.LightGbm }));
        Assert.That(quick.AugmentationModes, Is.EqualTo(new[] { AugmentationMode.Static(2) }));
        Assert.That(quick.Folds, Is.EqualTo(3));
        Assert.That(quick.InternetPerClass, Is.EqualTo(50));
        Assert.DoesNotThrow(quick.Validate);
    }

    [Test]
    public void Every_problem_is_reported_at_once()
    {
        var options = new ReproductionOptions { Joints = [], Folds = 1, InternalTestFraction = 1, Difficulty = 2, HospitalPerClass = 0 };

        var error = Assert.Throws<ArgumentException>(options.Validate)!;

        Assert.That(error.Message, Does.StartWith("Invalid reproduction options: OutputDirectory is required."));
        Assert.That(error.Message, Does.Contain("Joints must name at least one joint"));
        Assert.That(error.Message, Does.Contain("Folds must be ≥ 2 (was 1)."));
        Assert.That(error.Message, Does.Contain("InternalTestFraction must lie in (0, 1) (was 1)."));
        Assert.That(error.Message, Does.Contain("HospitalPerClass must be ≥ 1 (was 0)."));
        Assert.That(error.Message, Does.Contain("Difficulty must lie in [0, 1], got 2."));
    }

    [Test]
    public void Too_few_training_images_for_the_folds_is_refused()
    {
        var options = new ReproductionOptions { OutputDirectory = "x", InternetPerClass = 5, Folds = 5 };

        var error = Assert.Throws<ArgumentException>(() => new StudyReproduction(options))!;

        Assert.That(error.Message, Does.Contain("InternetPerClass (5) leaves 4 training images per class; 5-fold cross-validation needs at least 5."));
    }

    [Test]
    public void Fine_tuning_is_an_option_outside_the_default_grid_and_needs_a_fine_tuner()
    {
        var defaults = new ReproductionOptions { OutputDirectory = "out" };
        var tuned = defaults.AsQuick().WithFineTuning(2);
        Assert.Multiple(() =>
        {
            Assert.That(defaults.Heads, Has.None.Matches<HeadKind>(h => h.IsFineTuned()));
            Assert.That(tuned.Heads, Is.EqualTo(new[] { HeadKind.LogisticRegression, HeadKind.LightGbm, HeadKind.FineTune }));
            Assert.That(tuned.Experiment.FineTuneEpochs, Is.EqualTo(2));
            Assert.That(tuned.WithFineTuning(1).Heads.Count(h => h == HeadKind.FineTune), Is.EqualTo(1));
        });
        var error = Assert.Throws<ArgumentException>(() => _ = new StudyReproduction(tuned));
        Assert.That(error!.Message, Does.Contain("finetune").And.Contain("JointDislocation.ML.FineTuning"));
    }

    [Test]
    public void Hip_and_THA_run_at_448_by_default_fine_tuned_or_not_and_every_joint_at_the_size_asked()
    {
        var defaults = new ReproductionOptions { OutputDirectory = "out" };
        Assert.Multiple(() =>
        {
            Assert.That(JointNames.All.Select(defaults.InputSizeFor), Is.EqualTo(new[] { 224, 224, 448, 448 }), "shoulder, elbow, hip, THA");
            Assert.That(JointNames.All.Select(defaults.WithFineTuning(1).InputSizeFor), Is.EqualTo(new[] { 224, 224, 448, 448 }));
            Assert.That(JointNames.All.Select((defaults with { InputSize = 320 }).InputSizeFor), Is.All.EqualTo(320));
        });
    }

    [Test]
    public void An_input_size_resnet18_cannot_run_at_or_one_beside_a_given_backbone_is_reported()
    {
        var options = new ReproductionOptions { OutputDirectory = "out", InputSize = 300 };
        var resized = new ReproductionOptions { OutputDirectory = "out", InputSize = 448, Backbone = new GridBackbone() };

        Assert.That(() => options.Validate(), Throws.ArgumentException.With.Message.Contains("InputSize must be a multiple of 32 from 64 to 1024 (was 300)"));
        Assert.That(() => resized.Validate(), Throws.ArgumentException.With.Message.Contains("InputSize applies to the built-in ResNet18"));
        Assert.That(() => (options with { InputSize = 448 }).WithFineTuning(1).Validate(), Throws.Nothing, "a fine-tuned candidate trains at the size asked");
    }

    [TestCase(Joint.Tha, 1.0, 0.950)]
    [TestCase(Joint.Elbow, 1.0, 0.998)]
    [TestCase(Joint.Hip, 0.993, 0.880)]
    [TestCase(Joint.Shoulder, 1.0, 0.993)]
    public void The_study_numbers_are_the_published_ones(Joint joint, double internalAuroc, double externalAuroc)
    {
        Assert.That(StudyAuroc.For(joint), Is.EqualTo(new StudyAuroc(internalAuroc, externalAuroc)));
    }
}
