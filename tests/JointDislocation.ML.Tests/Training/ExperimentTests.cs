using JointDislocation.ML.Augmentation;
using JointDislocation.ML.Statistics;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Tests.Training;

public class ExperimentTests
{
    private static Experiment Build(string folder, int seed, IEnumerable<JointDislocation.ML.Data.RadiographRecord> records) =>
        new DislocationContext(seed).Training()
            .ForJoint(Joint.Hip)
            .WithRecords(records)
            .WithBackbone(new GridBackbone())
            .WithHeads(HeadKind.LogisticRegression, HeadKind.FastTree)
            .WithAugmentation(AugmentationMode.None, AugmentationMode.Static(2), AugmentationMode.Online(2))
            .WithCrossValidation(4)
            .Build();

    [Test]
    public async Task Every_candidate_is_cross_validated_and_the_best_is_selected()
    {
        using var folder = new TemporaryDirectory();
        var records = TrainingData.Write(folder.Path, perClass: 16, seed: 1);

        var result = await Build(folder.Path, 42, records).RunAsync();

        Assert.That(result.Candidates.Select(c => c.Name), Is.EqualTo(new[]
        {
            "logreg+none", "logreg+static:2", "logreg+online:2", "fasttree+none", "fasttree+static:2", "fasttree+online:2",
        }));
        Assert.That(result.Candidates, Has.All.Matches<CandidateResult>(c => c.CvLower <= c.CvAuroc && c.CvAuroc <= c.CvUpper));
        Assert.That(result.Selected.CvAuroc, Is.EqualTo(result.Candidates.Max(c => c.CvAuroc)));
        Assert.That(result.Selected.CvAuroc, Is.GreaterThan(0.8), "the displaced head is easy to see");
        var candidates = result.Candidates.ToList();
        Assert.That(candidates.IndexOf(result.Selected), Is.EqualTo(candidates.FindIndex(c => c.CvAuroc == result.Selected.CvAuroc)),
            "ties go to the earlier, simpler candidate");
        Assert.That(result.Positives, Is.EqualTo(16));
        Assert.That(result.Model.Manifest.TrainingImages, Has.Count.EqualTo(32));
    }

    [Test]
    public async Task Online_mode_alone_scores_held_out_folds_on_the_original_images()
    {
        using var folder = new TemporaryDirectory();
        var records = TrainingData.Write(folder.Path, perClass: 8, seed: 8);

        var result = await new DislocationContext(3).Training().WithRecords(records).WithBackbone(new GridBackbone())
            .WithHeads(HeadKind.LogisticRegression).WithAugmentation(AugmentationMode.Online(2)).WithCrossValidation(3).Build().RunAsync();

        Assert.That(result.Selected.Name, Is.EqualTo("logreg+online:2"));
        Assert.That(result.Selected.OutOfFoldScores, Has.Count.EqualTo(16));
    }

    [Test]
    public async Task Threshold_is_chosen_on_out_of_fold_scores()
    {
        using var folder = new TemporaryDirectory();
        var records = TrainingData.Write(folder.Path, perClass: 12, seed: 2);

        var result = await Build(folder.Path, 7, records).RunAsync();

        var labels = result.Records.Select(r => r.IsPositive).ToList();
        var expected = ThresholdSelector.Youden(RocCurve.Compute(labels, result.Selected.OutOfFoldScores));
        Assert.That(result.Threshold, Is.EqualTo(expected));
        Assert.That(result.Model.Threshold, Is.EqualTo(expected.Threshold));
    }

    [Test]
    public async Task Same_seed_gives_the_same_candidates_and_scores()
    {
        using var folder = new TemporaryDirectory();
        var records = TrainingData.Write(folder.Path, perClass: 10, seed: 3);

        var first = await Build(folder.Path, 5, records).RunAsync();
        var second = await Build(folder.Path, 5, records).RunAsync();

        Assert.That(second.Candidates.Select(c => c.OutOfFoldScores), Is.EqualTo(first.Candidates.Select(c => c.OutOfFoldScores)));
        Assert.That(second.Selected.Name, Is.EqualTo(first.Selected.Name));
    }

    [Test]
    public async Task Bad_files_are_skipped_and_reported_or_stop_a_strict_run()
    {
        using var folder = new TemporaryDirectory();
        var records = TrainingData.Write(folder.Path, perClass: 10, seed: 4);
        var broken = Path.Combine(folder.Path, "located", "broken.png");
        File.WriteAllText(broken, "this is not an image");
        records.Add(new JointDislocation.ML.Data.RadiographRecord(broken, Joint.Hip, "located", false));

        var result = await Build(folder.Path, 1, records).RunAsync();
        Assert.That(result.Skipped.Select(s => s.Path), Is.EqualTo(new[] { broken }));
        Assert.That(result.Records, Has.Count.EqualTo(20));

        var strict = new DislocationContext(1).Training().WithRecords(records).WithBackbone(new GridBackbone())
            .WithHeads(HeadKind.LogisticRegression).WithAugmentation(AugmentationMode.None).WithCrossValidation(3).Strict().Build();
        var exception = Assert.ThrowsAsync<InvalidInputException>(() => strict.RunAsync());
        Assert.That(exception!.Message, Does.Contain("broken.png"));
    }

    [Test]
    public void Too_few_images_of_a_class_for_the_folds_is_a_clear_error()
    {
        using var folder = new TemporaryDirectory();
        var records = TrainingData.Write(folder.Path, perClass: 3, seed: 5);

        var experiment = new DislocationContext(1).Training().WithRecords(records).WithBackbone(new GridBackbone()).WithCrossValidation(5).Build();

        var exception = Assert.ThrowsAsync<InvalidInputException>(() => experiment.RunAsync());
        Assert.That(exception!.Message, Does.Contain("at least 5 usable images of each class"));
    }

    [Test]
    public void WithOptions_keeps_the_joint_and_labels_set_by_ForJoint_and_WithData()
    {
        var dataset = new JointDislocation.ML.Data.RadiographDataset([], "luxated", "normal");
        var options = new ExperimentOptions { Joint = Joint.Shoulder, Folds = 3 };

        var before = new DislocationContext(1).Training().ForJoint(Joint.Hip).WithData(dataset)
            .WithOptions(options).WithBackbone(new GridBackbone()).Build().Options;
        var after = new DislocationContext(1).Training().WithOptions(options).ForJoint(Joint.Hip).WithData(dataset)
            .WithBackbone(new GridBackbone()).Build().Options;
        var alone = new DislocationContext(1).Training().WithRecords([]).WithOptions(options).WithBackbone(new GridBackbone()).Build().Options;

        foreach (var built in new[] { before, after })
        {
            Assert.That(built.Joint, Is.EqualTo(Joint.Hip));
            Assert.That(built.PositiveLabel, Is.EqualTo("luxated"));
            Assert.That(built.NegativeLabel, Is.EqualTo("normal"));
            Assert.That(built.Folds, Is.EqualTo(3), "the other settings come from the options");
        }

        Assert.That(alone.Joint, Is.EqualTo(Joint.Shoulder), "without ForJoint the options' joint is used");
        Assert.That(alone.PositiveLabel, Is.EqualTo("dislocated"));
    }

    [Test]
    public void Builder_validates_everything_before_any_work_and_locks()
    {
        var builder = new DislocationContext(1).Training().WithRecords([]).WithCrossValidation(1).WithThreshold(ThresholdMethod.TargetSensitivity, 1.5);

        var exception = Assert.Throws<ArgumentException>(() => builder.Build());
        Assert.That(exception!.Message, Does.Contain("Folds must be ≥ 2 (was 1).").And.Contain("target sensitivity in (0, 1]"));

        var ok = new DislocationContext(1).Training().WithRecords([]).WithBackbone(new GridBackbone());
        ok.Build();
        Assert.Throws<InvalidOperationException>(() => ok.WithCrossValidation(3));
    }

    [Test]
    public async Task Cancellation_stops_the_run()
    {
        using var folder = new TemporaryDirectory();
        var records = TrainingData.Write(folder.Path, perClass: 8, seed: 6);
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        Assert.That(async () => await Build(folder.Path, 1, records).RunAsync(cancellationToken: cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
    }
}
