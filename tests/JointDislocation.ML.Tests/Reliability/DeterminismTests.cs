using JointDislocation.ML.Augmentation;
using JointDislocation.ML.Imaging;
using JointDislocation.ML.Tests.Cli;
using JointDislocation.ML.Tests.Training;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Tests.Reliability;

/// <summary>The same seed gives the same bytes; the thread count changes nothing.</summary>
[NonParallelizable]
public class DeterminismTests
{
    [Test]
    public async Task Same_seed_twice_gives_byte_identical_training_json_bundle_and_scores()
    {
        using var folder = new TemporaryDirectory("jdml-determinism");
        TrainingData.Write(folder.Combine("train"), perClass: 6, seed: 31);
        TrainingData.Write(folder.Combine("test"), perClass: 4, seed: 32);
        var outputs = new List<string>();
        for (var run = 0; run < 2; run++)
        {
            var output = folder.Combine($"run{run}");
            var train = await CliRunner.RunAsync("train", "--data", folder.Combine("train"), "--out", output, "--joint", "hip",
                "--heads", "logreg,fasttree", "--augment", "none,static:1", "--folds", "2", "--seed", "17");
            Assert.That(train.ExitCode, Is.Zero, train.Error);
            var evaluate = await CliRunner.RunAsync("evaluate", "--model", Path.Combine(output, "model.jdml"), "--data", folder.Combine("test"),
                "--out", Path.Combine(output, "eval"), "--bootstrap", "50");
            Assert.That(evaluate.ExitCode, Is.Zero, evaluate.Error);
            outputs.Add(output);
        }

        foreach (var file in new[] { "training.json", "model.jdml", "eval/scores.csv", "eval/metrics.json", "eval/roc.csv" })
        {
            Assert.That(await File.ReadAllBytesAsync(Path.Combine(outputs[1], file)), Is.EqualTo(await File.ReadAllBytesAsync(Path.Combine(outputs[0], file))), file);
        }
    }

    [Test]
    public async Task One_and_two_threads_give_the_same_out_of_fold_scores_and_model()
    {
        using var folder = new TemporaryDirectory("jdml-threads");
        var records = TrainingData.Write(folder.Path, perClass: 12, seed: 33);
        var results = new List<ExperimentResult>();
        foreach (var threads in new[] { 1, 2 })
        {
            results.Add(await new DislocationContext(8).Training().WithRecords(records).WithBackbone(new GridBackbone())
                .WithOptions(new ExperimentOptions
                {
                    Joint = Joint.Hip,
                    Heads = [HeadKind.LogisticRegression, HeadKind.SdcaLogisticRegression, HeadKind.FastTree],
                    AugmentationModes = [AugmentationMode.None, AugmentationMode.Static(2)],
                    Folds = 3,
                    MaxDegreeOfParallelism = threads,
                })
                .Build().RunAsync());
        }

        Assert.That(results[1].Candidates.Select(c => c.OutOfFoldScores), Is.EqualTo(results[0].Candidates.Select(c => c.OutOfFoldScores)));
        Assert.That(results[1].Selected.Name, Is.EqualTo(results[0].Selected.Name));
        Assert.That(results[1].Threshold.Threshold, Is.EqualTo(results[0].Threshold.Threshold));
        var a = folder.Combine("one.jdml");
        var b = folder.Combine("two.jdml");
        results[0].Model.Save(a);
        results[1].Model.Save(b);
        Assert.That(await File.ReadAllBytesAsync(b), Is.EqualTo(await File.ReadAllBytesAsync(a)));
    }

    [Test]
    public void ResNet18_features_are_the_same_with_one_and_two_intra_op_threads()
    {
        var images = Enumerable.Range(0, 4).Select(i => new ML.Imaging.GrayImage(160, 120, Tests.Data.TestImages.Pattern(160, 120, i))).ToList();
        var features = new[] { 1, 2 }.Select(threads =>
            ML.Backbones.Backbone.FromOnnx(ML.Backbones.Backbone.ResNet18Options() with { IntraOpThreads = threads }).Featurize(images).Select(o => o.PooledToArray()).ToList()).ToList();

        var largest = features[0].Zip(features[1]).Max(p => p.First.Zip(p.Second).Max(v => Math.Abs(v.First - v.Second)));
        TestContext.Out.WriteLine($"largest difference between 1 and 2 intra-op threads: {largest}");
        Assert.That(features[1], Is.EqualTo(features[0]));
    }
}
