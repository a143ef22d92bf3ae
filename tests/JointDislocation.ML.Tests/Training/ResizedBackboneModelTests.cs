using JointDislocation.ML.Augmentation;
using JointDislocation.ML.Backbones;
using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;
using JointDislocation.ML.MlNet;
using JointDislocation.ML.Tests.MlNet;
using Microsoft.ML;
using Microsoft.ML.Data;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Tests.Training;

/// <summary>Training on ResNet18 run at 448×448: the bundle records the size, comes back at it and refuses 224, and the
/// study's online crop scales with the input.</summary>
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
        var predictions = await loaded.PredictAsync(images);
        Assert.That(predictions, Is.EqualTo(await result.Model.PredictAsync(images)));

        // The ML.NET pipeline (what `jdml export` saves) runs the re-sized graph too.
        var ml = new MLContext(seed: 1);
        var scored = loaded.ToMlNet(ml).Transform(MlNetTestData.Rows(ml, records.Select(r => r.Path).ToList(), records.Select(r => r.IsPositive).ToList()));
        var difference = scored.GetColumn<float>("Probability").Select((p, i) => Math.Abs(p - predictions[i].Probability)).Max();
        Assert.That(difference, Is.LessThanOrEqualTo(1e-4), "ToMlNet at 448 scores like Predict");

        Assert.That(() => DislocationModel.Load(path, Backbone.ResNet18()), Throws.TypeOf<InvalidInputException>()
            .With.Message.Contains("at 448×448 input, but the backbone given runs at 224×224"));

        // A bundle that records a size ResNet18 cannot run (not square) is refused, naming the bundle.
        ModelBundleEditor.RewriteText(path, "manifest.json", text => text.Replace("\"inputHeight\": 448", "\"inputHeight\": 224", StringComparison.Ordinal));
        Assert.That(() => DislocationModel.Load(path), Throws.TypeOf<InvalidInputException>()
            .With.Message.Contains(path).And.Message.Contains("records ResNet18 at 448×224"));
    }

    [Test]
    public void An_experiment_on_a_448_backbone_uses_the_scaled_online_crop_unless_given_its_own_policy()
    {
        var records = new List<RadiographRecord> { new("a.png", Joint.Hip, "dislocated", true), new("b.png", Joint.Hip, "located", false) };
        var backbone = Backbone.ResNet18(inputSize: 448);
        var custom = new AugmentationPipelineBuilder().Named("mine").FlipHorizontal().Build();

        var scaled = new DislocationContext(1).Training().WithRecords(records).WithBackbone(backbone).Build();
        var kept = new DislocationContext(1).Training().WithRecords(records).WithBackbone(backbone).WithAugmentationPolicies(onlinePolicy: custom).Build();
        var standard = new DislocationContext(1).Training().WithRecords(records).Build();

        Assert.That(scaled.Options.OnlinePolicy.Name, Is.EqualTo("study-online@448"));
        Assert.That(kept.Options.OnlinePolicy.Name, Is.EqualTo("mine"));
        Assert.That(standard.Options.OnlinePolicy, Is.SameAs(AugmentationPresets.StudyOnline));
    }
}
