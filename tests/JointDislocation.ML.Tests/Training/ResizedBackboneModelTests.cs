using JointDislocation.ML.Augmentation;
using JointDislocation.ML.Backbones;
using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Tests.Training;

/// <summary>A model trained on ResNet18 run at 448×448 records that size, comes back at it, and refuses 224.</summary>
public class ResizedBackboneModelTests
{
    [Test]
    public async Task A_bundle_trained_at_448_reloads_at_448_with_identical_scores_and_refuses_a_224_backbone()
    {
        using var folder = new TemporaryDirectory();
        var records = TrainingData.Write(folder.Combine("data"), perClass: 6, seed: 12, size: 96);
        var result = await new DislocationContext(5).Training().ForJoint(Joint.Hip).WithRecords(records).WithBackbone(Backbone.ResNet18(inputSize: 448))
            .WithHeads(HeadKind.LogisticRegression).WithAugmentation(AugmentationMode.None).WithCrossValidation(3).Build().RunAsync();
        var path = folder.Combine("model.jdml");
        result.Model.Save(path);
        var images = records.Select(r => RadiographDecoder.Decode(r.Path)).ToList();

        var loaded = DislocationModel.Load(path);

        Assert.Multiple(() =>
        {
            Assert.That((loaded.Manifest.Backbone.InputWidth, loaded.Manifest.Backbone.InputHeight), Is.EqualTo((448, 448)));
            Assert.That((loaded.Backbone.InputWidth, loaded.Backbone.MapShape.Height), Is.EqualTo((448, 14)));
        });
        Assert.That(await loaded.PredictAsync(images), Is.EqualTo(await result.Model.PredictAsync(images)));
        Assert.That(() => DislocationModel.Load(path, Backbone.ResNet18()), Throws.TypeOf<InvalidInputException>()
            .With.Message.Contains("at 448×448 input, but the backbone given runs at 224×224"));
    }
}
