using JointDislocation.ML.Augmentation;
using JointDislocation.ML.Data;
using JointDislocation.ML.MlNet;
using JointDislocation.ML.Tests.Training;
using JointDislocation.ML.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace JointDislocation.ML.Tests.MlNet;

/// <summary><c>RadiographTransfer</c>: the experiment as an ML.NET trainer, and the library's statistics on its output.</summary>
[NonParallelizable]
public class RadiographTransferTests
{
    private TemporaryDirectory _folder = null!;
    private IDataView _train = null!;
    private IDataView _test = null!;
    private List<string> _testPaths = null!;
    private RadiographTransferTransformer _fitted = null!;
    private List<CandidateResult> _reported = null!;
    private MLContext _ml = null!;

    [OneTimeSetUp]
    public void Fit()
    {
        _folder = new TemporaryDirectory("jdml-mlnet-transfer");
        _ml = new MLContext(seed: 3);
        var train = TrainingData.Write(_folder.Combine("train"), perClass: 6, seed: 31, size: 96);
        var test = TrainingData.Write(_folder.Combine("test"), perClass: 4, seed: 32, size: 96);
        _testPaths = test.Select(r => r.Path).ToList();
        _train = MlNetTestData.Rows(_ml, train.Select(r => r.Path), train.Select(r => r.IsPositive).ToList());
        _test = MlNetTestData.Rows(_ml, _testPaths, test.Select(r => r.IsPositive).ToList());
        _reported = [];
        _fitted = _ml.BinaryClassification.Trainers.RadiographTransfer(new RadiographTransferOptions
        {
            Joint = Joint.Hip,
            Heads = [HeadKind.LogisticRegression],
            Augmentation = [AugmentationMode.None],
            Folds = 2,
            Seed = 7,
            WorkspacePath = _folder.Combine("cache"),
            MetricsCallback = _reported.Add,
        }).Fit(_train);
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        // The fixture outlives its tests; its pipeline holds a ResNet18 of tens of MB that later tests should not carry.
        (_fitted.Pipeline as IDisposable)?.Dispose();
        _fitted = null!;
        _folder.Dispose();
    }

    [Test]
    public async Task Fit_runs_the_experiment_and_adds_score_probability_and_label()
    {
        var scored = _fitted.Transform(_test);
        var probabilities = scored.GetColumn<float>("Probability").ToList();
        var expected = await _fitted.Model.PredictAsync(_testPaths.Select(p => RadiographDecoder.Decode(p)).ToList());

        Assert.That(_fitted.Experiment.Selected.Name, Is.EqualTo("logreg+none"));
        Assert.That(_fitted.Model.Manifest.Joint, Is.EqualTo(Joint.Hip));
        Assert.That(_reported.Select(c => c.Name), Is.EqualTo(new[] { "logreg+none" }));
        Assert.That(Directory.EnumerateFiles(_folder.Combine("cache"), "*", SearchOption.AllDirectories), Is.Not.Empty, "the workspace holds the feature cache");
        Assert.That(probabilities.Select((p, i) => Math.Abs(p - expected[i].Probability)).Max(), Is.LessThanOrEqualTo(1e-4));
        Assert.That(scored.GetColumn<bool>("PredictedLabel"), Is.EqualTo(expected.Select(p => p.IsPositive)));
        Assert.That(scored.GetColumn<float>("Score").Count(), Is.EqualTo(_testPaths.Count));
    }

    [Test]
    public void Stock_evaluate_and_evaluate_with_intervals_work_on_its_output()
    {
        var scored = _fitted.Transform(_test);

        var stock = _ml.BinaryClassification.Evaluate(scored);
        var ours = _ml.BinaryClassification.EvaluateWithIntervals(scored, threshold: _fitted.Model.Threshold);

        TestContext.Out.WriteLine($"ML.NET AUROC {stock.AreaUnderRocCurve:F4}; ours {ours.Report.Auroc:F4} DeLong [{ours.Report.DeLong.Interval.Lower:F3}, {ours.Report.DeLong.Interval.Upper:F3}] bootstrap [{ours.Report.Bootstrap!.Interval.Lower:F3}, {ours.Report.Bootstrap.Interval.Upper:F3}]");
        Assert.That(ours.Report.Auroc, Is.EqualTo(stock.AreaUnderRocCurve).Within(1e-9), "same AUROC as ML.NET");
        Assert.That(ours.Report.DeLong.Interval.Lower, Is.LessThanOrEqualTo(ours.Report.Auroc));
        Assert.That(ours.Report.Bootstrap.Replicates, Is.EqualTo(2000));
        Assert.That(ours.Threshold.Threshold, Is.EqualTo(_fitted.Model.Threshold));
        Assert.That(ours.AtThreshold.TruePositives + ours.AtThreshold.FalseNegatives, Is.EqualTo(ours.Report.Positives));
        Assert.That(ours.Calibration, Is.Not.Null);
        Assert.That(ours.Warnings, Has.None.Contains("chosen (Youden)"));
    }

    [Test]
    public void Evaluate_with_intervals_without_a_threshold_says_it_chose_one_on_the_data()
    {
        var evaluation = _ml.BinaryClassification.EvaluateWithIntervals(_fitted.Transform(_test), new RadiographEvaluationOptions { Bootstrap = null });

        Assert.That(evaluation.Report.Bootstrap, Is.Null);
        Assert.That(evaluation.Warnings, Has.Some.Contains("chosen (Youden)"));
    }

    [Test]
    public void Fitted_transformer_saves_with_stock_save_and_loads_without_the_library_types()
    {
        var path = _folder.Combine("transfer.zip");
        _ml.Model.Save(_fitted, _test.Schema, path);

        var loaded = new MLContext().Model.Load(path, out _);
        var before = _fitted.Transform(_test).GetColumn<float>("Probability").ToList();
        var after = loaded.Transform(_test).GetColumn<float>("Probability").ToList();

        Assert.That(loaded, Is.Not.InstanceOf<RadiographTransferTransformer>());
        Assert.That(after, Is.EqualTo(before));
    }

    [Test]
    public void Output_schema_adds_the_three_columns_and_a_missing_column_is_named()
    {
        var estimator = _ml.BinaryClassification.Trainers.RadiographTransfer();
        // SchemaShape.Create is internal to ML.NET (its estimator chains call it); reached here by reflection.
        var create = typeof(SchemaShape).GetMethod("Create", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic, [typeof(DataViewSchema)])!;
        var shape = estimator.GetOutputSchema((SchemaShape)create.Invoke(null, [_train.Schema])!);

        Assert.That(shape.Select(c => c.Name), Is.SupersetOf(new[] { "ImagePath", "Label", "Score", "Probability", "PredictedLabel" }));
        var exception = Assert.Throws<ArgumentException>(() => _ml.BinaryClassification.Trainers.RadiographTransfer(labelColumnName: "Dislocated").Fit(_train));
        Assert.That(exception!.Message, Does.Contain("no label column 'Dislocated'"));
    }

    [Test]
    public void Invalid_options_are_reported_together()
    {
        var exception = Assert.Throws<ArgumentException>(() => _ml.BinaryClassification.Trainers.RadiographTransfer(new RadiographTransferOptions
        {
            LabelColumnName = "",
            Folds = 1,
            Heads = [],
            ResizePolicy = ML.Backbones.ResizePolicy.Stretch,
        }));

        Assert.That(exception!.Message, Does.Contain("LabelColumnName is required").And.Contain("Folds must be ≥ 2").And.Contain("At least one head").And.Contain("IsoCrop or Letterbox"));
    }
}
