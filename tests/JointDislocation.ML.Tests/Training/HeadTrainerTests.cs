using JointDislocation.ML.Training;

namespace JointDislocation.ML.Tests.Training;

public class HeadTrainerTests
{
    private const int Dimension = 32;

    [TestCaseSource(typeof(HeadNames), nameof(HeadNames.All))]
    public void Every_head_separates_held_out_data(HeadKind kind)
    {
        var (trainX, trainY) = SyntheticFeatures.Make(120, Dimension, seed: 1);
        var (testX, testY) = SyntheticFeatures.Make(200, Dimension, seed: 2);

        var head = HeadTrainer.Train(kind, trainX, trainY, seed: 7);
        var scores = head.Score(testX);

        Assert.That(SyntheticFeatures.PairwiseConcordance(testY, scores.Select(s => s.Probability).ToList()), Is.GreaterThan(0.85));
        Assert.That(scores.Select(s => s.Probability), Is.All.InRange(0f, 1f));
        Assert.That(head.Linear is not null, Is.EqualTo(kind.IsLinear()));
    }

    [TestCase(HeadKind.LogisticRegression)]
    [TestCase(HeadKind.SdcaLogisticRegression)]
    [TestCase(HeadKind.LinearSvm)]
    public void Linear_weights_on_raw_features_reproduce_the_ml_net_score(HeadKind kind)
    {
        var (x, y) = SyntheticFeatures.Make(80, Dimension, seed: 3);
        var head = HeadTrainer.Train(kind, x, y, seed: 7);

        var scores = head.Score(x);
        for (var i = 0; i < x.Count; i++)
        {
            Assert.That(head.Linear!.RawScore(x[i]), Is.EqualTo(scores[i].RawScore).Within(1e-3), $"row {i}");
        }
    }

    [TestCaseSource(typeof(HeadNames), nameof(HeadNames.All))]
    public void Same_seed_same_scores(HeadKind kind)
    {
        var (x, y) = SyntheticFeatures.Make(60, Dimension, seed: 4);

        var first = HeadTrainer.Train(kind, x, y, seed: 11).Score(x);
        var second = HeadTrainer.Train(kind, x, y, seed: 11).Score(x);

        Assert.That(second, Is.EqualTo(first));
    }

    [TestCase(HeadKind.LogisticRegression)]
    [TestCase(HeadKind.LinearSvm)]
    [TestCase(HeadKind.FastTree)]
    public void Online_training_over_epochs_learns(HeadKind kind)
    {
        var epochs = Enumerable.Range(0, 4)
            .Select(e => SyntheticFeatures.Make(60, Dimension, seed: 20 + e))
            .Select(e => ((IReadOnlyList<float[]>)e.Features, (IReadOnlyList<bool>)e.Labels))
            .ToList();
        var (testX, testY) = SyntheticFeatures.Make(200, Dimension, seed: 99);

        var head = HeadTrainer.TrainOnline(kind, epochs, seed: 5);

        Assert.That(SyntheticFeatures.PairwiseConcordance(testY, head.Score(testX).Select(s => s.Probability).ToList()), Is.GreaterThan(0.85));
    }

    [TestCaseSource(typeof(HeadNames), nameof(HeadNames.All))]
    public void Every_head_trains_on_a_tiny_set(HeadKind kind)
    {
        var (x, y) = SyntheticFeatures.Make(8, Dimension, seed: 6);

        var head = HeadTrainer.Train(kind, x, y, seed: 2);

        Assert.That(head.Score(x).Select(s => s.Probability), Is.All.InRange(0f, 1f));
    }

    [Test]
    public void One_class_only_is_refused_with_a_clear_message()
    {
        var (x, _) = SyntheticFeatures.Make(10, Dimension, seed: 1);
        var labels = Enumerable.Repeat(true, 10).ToList();

        var exception = Assert.Throws<ArgumentException>(() => HeadTrainer.Train(HeadKind.LogisticRegression, x, labels, seed: 1));
        Assert.That(exception!.Message, Does.Contain("both classes"));
    }

    [Test]
    public void Invalid_options_are_reported_together()
    {
        var options = new HeadTrainingOptions { TreeCount = 0, LearningRate = 2 };

        var exception = Assert.Throws<ArgumentException>(options.Validate);
        Assert.That(exception!.Message, Does.Contain("TreeCount must be ≥ 1 (was 0).").And.Contain("LearningRate must be in (0, 1] (was 2)."));
    }

    [Test]
    public void Head_names_parse_and_list_known_names_on_error()
    {
        Assert.That(HeadNames.ParseList("logreg, SVM,logreg"), Is.EqualTo(new[] { HeadKind.LogisticRegression, HeadKind.LinearSvm }));
        var exception = Assert.Throws<FormatException>(() => HeadNames.Parse("xgboost"));
        Assert.That(exception!.Message, Does.Contain("logreg, sdca, svm, fasttree, lightgbm"));
    }
}
