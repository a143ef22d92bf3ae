using System.Text.Json;
using JointDislocation.ML.Tests.Training;

namespace JointDislocation.ML.Tests.Cli;

/// <summary>train → evaluate → predict on messy files: JPEG, PNG with alpha, GIF, BMP, WebP; odd sizes and names.</summary>
public class RealWorldFilesTests
{
    [Test]
    public async Task Train_evaluate_and_predict_work_on_mixed_formats_sizes_and_names()
    {
        using var folder = new TemporaryDirectory("jdml-mixed");
        TrainingData.WriteMixed(folder.Combine("train"), perClass: 10, seed: 21);
        var test = TrainingData.WriteMixed(folder.Combine("test"), perClass: 5, seed: 22);

        var train = await CliRunner.RunAsync("train", "--data", folder.Combine("train"), "--out", folder.Combine("model"),
            "--heads", "logreg", "--augment", "none", "--folds", "3");
        Assert.That(train.ExitCode, Is.Zero, train.Error);
        using (var training = JsonDocument.Parse(File.ReadAllText(folder.Combine("model", "training.json"))))
        {
            Assert.That(training.RootElement.GetProperty("trainCount").GetInt32(), Is.EqualTo(20));
            Assert.That(training.RootElement.GetProperty("skipped").GetArrayLength(), Is.Zero);
        }

        var evaluate = await CliRunner.RunAsync("evaluate", "--model", folder.Combine("model", "model.jdml"), "--data", folder.Combine("test"), "--out", folder.Combine("eval"));
        Assert.That(evaluate.ExitCode, Is.Zero, evaluate.Error);
        using (var metrics = JsonDocument.Parse(File.ReadAllText(folder.Combine("eval", "metrics.json"))))
        {
            Assert.That(metrics.RootElement.GetProperty("n").GetInt32(), Is.EqualTo(10));
            Assert.That(metrics.RootElement.GetProperty("skipped").GetArrayLength(), Is.Zero);
        }

        foreach (var image in test.Where(p => p.EndsWith(".JPG", StringComparison.Ordinal) || p.EndsWith(".gif", StringComparison.Ordinal)))
        {
            var predict = await CliRunner.RunAsync("predict", "--model", folder.Combine("model", "model.jdml"), "--image", image);
            Assert.That(predict.ExitCode, Is.Zero, predict.Error);
        }
    }
}
