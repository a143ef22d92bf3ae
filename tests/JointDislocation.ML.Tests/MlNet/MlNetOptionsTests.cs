using JointDislocation.ML.Augmentation;
using JointDislocation.ML.Backbones;
using JointDislocation.ML.MlNet;
using JointDislocation.ML.Statistics;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Tests.MlNet;

/// <summary>Every documented default of the ML.NET options, and their combined validation messages.</summary>
public class MlNetOptionsTests
{
    [Test]
    public void Featurizer_options_defaults()
    {
        var options = new RadiographFeaturizerOptions();

        Assert.That(options.OutputColumnName, Is.EqualTo("Features"));
        Assert.That(options.InputColumnName, Is.EqualTo("ImagePath"));
        Assert.That(options.ImageFolder, Is.Null);
        Assert.That(options.ResizePolicy, Is.EqualTo(ResizePolicy.IsoCrop));
        Assert.That(options.Backbone, Is.Null);
        Assert.DoesNotThrow(options.Validate);
    }

    [Test]
    public void Transfer_options_defaults()
    {
        var options = new RadiographTransferOptions();

        Assert.That(options.LabelColumnName, Is.EqualTo("Label"));
        Assert.That(options.ImagePathColumnName, Is.EqualTo("ImagePath"));
        Assert.That(options.ImageFolder, Is.Null);
        Assert.That(options.Joint, Is.Null);
        Assert.That(options.Heads, Is.EqualTo(new[] { HeadKind.LogisticRegression }));
        Assert.That(options.Augmentation, Is.EqualTo(new[] { AugmentationMode.None }));
        Assert.That(options.Folds, Is.EqualTo(5));
        Assert.That(options.Seed, Is.EqualTo(42));
        Assert.That(options.ThresholdMethod, Is.EqualTo(ThresholdMethod.Youden));
        Assert.That(options.ResizePolicy, Is.EqualTo(ResizePolicy.IsoCrop));
        Assert.That(options.WorkspacePath, Is.Null);
        Assert.That(options.MetricsCallback, Is.Null);
        Assert.That(options.Progress, Is.Null);
        Assert.DoesNotThrow(options.Validate);
    }

    [Test]
    public void Evaluation_options_defaults()
    {
        var options = new RadiographEvaluationOptions();

        Assert.That(options.LabelColumnName, Is.EqualTo("Label"));
        Assert.That(options.ScoreColumnName, Is.EqualTo("Probability"));
        Assert.That(options.Threshold, Is.Null);
        Assert.That(options.Level, Is.EqualTo(0.95));
        Assert.That(options.Bootstrap!.Replicates, Is.EqualTo(2000));
        Assert.That(options.CalibrationBins, Is.EqualTo(10));
        Assert.DoesNotThrow(options.Validate);
    }

    [Test]
    public void Evaluation_options_report_every_problem_in_one_message()
    {
        var exception = Assert.Throws<ArgumentException>(() => new RadiographEvaluationOptions
        {
            LabelColumnName = "",
            Level = 1,
            CalibrationBins = 0,
            Bootstrap = new BootstrapOptions { Replicates = 0 },
        }.Validate());

        Assert.That(exception!.Message, Does.StartWith("Invalid evaluation options: LabelColumnName is required. Level must lie in (0, 1) (was 1). CalibrationBins must be ≥ 1 (was 0). Bootstrap: "));
    }
}
