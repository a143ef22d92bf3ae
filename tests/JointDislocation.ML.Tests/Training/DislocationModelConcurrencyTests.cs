using JointDislocation.ML.Augmentation;
using JointDislocation.ML.Backbones;
using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Tests.Training;

/// <summary>
/// <see cref="DislocationModel"/> is documented as thread-safe (docs/training.md): one instance, shared by a web
/// service, scores on many threads at once through the real ResNet18 session and the ML.NET head, and every answer
/// equals the one the same call gives alone.
/// </summary>
[Category("Concurrency")]
public class DislocationModelConcurrencyTests
{
    private TemporaryDirectory _folder = null!;
    private DislocationModel _model = null!;
    private List<GrayImage> _images = null!;

    [OneTimeSetUp]
    public async Task TrainOnce()
    {
        _folder = new TemporaryDirectory("jdml-concurrency");
        var records = TrainingData.Write(_folder.Combine("train"), perClass: 6, seed: 21, size: 96);
        var result = await new DislocationContext(5).Training().ForJoint(Joint.Hip).WithRecords(records).WithBackbone(Backbone.ResNet18())
            .WithHeads(HeadKind.LogisticRegression).WithAugmentation(AugmentationMode.None).WithCrossValidation(2).Build().RunAsync();
        _model = result.Model;

        // Images of several sizes and formats, so concurrent calls do different amounts of resizing work.
        _images = TrainingData.WriteMixed(_folder.Combine("score"), perClass: 5, seed: 22).Select(p => RadiographDecoder.Decode(p)).ToList();
    }

    [OneTimeTearDown]
    public void CleanUp() => _folder.Dispose();

    [Test]
    public async Task Concurrent_predictions_equal_sequential_ones()
    {
        var sequential = _images.Select(_model.Predict).ToList();

        // Every image four times, all calls started at once on the thread pool.
        var calls = Enumerable.Range(0, 4 * _images.Count).Select(i => Task.Run(() => (Index: i % _images.Count, Prediction: _model.Predict(_images[i % _images.Count])))).ToList();
        var concurrent = await Task.WhenAll(calls);

        Assert.That(concurrent, Has.Length.EqualTo(4 * _images.Count));
        foreach (var (index, prediction) in concurrent)
        {
            Assert.That(prediction, Is.EqualTo(sequential[index]), $"image {index}");
        }
    }

    [Test]
    public async Task Concurrent_batches_equal_the_same_batch_scored_alone()
    {
        var alone = await _model.PredictAsync(_images);

        var batches = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => _model.PredictAsync(_images)));

        Assert.That(batches, Has.All.EqualTo(alone));
    }

    [Test]
    public async Task Saving_while_scoring_gives_the_same_bundle_and_scores()
    {
        var expected = _images.Select(_model.Predict).ToList();
        var reference = _folder.Combine("reference.jdml");
        _model.Save(reference);

        var saves = Enumerable.Range(0, 3).Select(i => Task.Run(() =>
        {
            var path = _folder.Combine($"concurrent-{i}.jdml");
            _model.Save(path);
            return File.ReadAllBytes(path);
        }));
        var scores = Enumerable.Range(0, 3).Select(_ => Task.Run(() => _images.Select(_model.Predict).ToList()));
        var saved = await Task.WhenAll(saves);
        var scored = await Task.WhenAll(scores);

        Assert.That(saved, Has.All.EqualTo(File.ReadAllBytes(reference)));
        Assert.That(scored, Has.All.EqualTo(expected));
    }
}
