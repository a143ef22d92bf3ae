using JointDislocation.ML.Backbones;
using JointDislocation.ML.FineTuning.Networks;
using static TorchSharp.torch;

namespace JointDislocation.ML.FineTuning.Tests.Networks;

public class OnnxWeightExporterTests
{
    [Test]
    public void After_one_SGD_step_ONNX_Runtime_on_the_exported_graph_equals_TorchSharps_forward()
    {
        var original = Backbone.ResNet18();
        var images = OnnxConvNetTests.Phantoms();
        var before = original.Featurize(images);
        using var network = OnnxConvNet.FromBackbone(original.Options);
        using var input = InputTensors.FromImages(original, images);
        using var labels = tensor(new long[] { 0, 1, 1, 0 });

        random.manual_seed(18);
        using var head = nn.Linear(512, 2);
        var parameters = network.parameters().Concat(head.parameters()).ToList();
        using var optimizer = optim.SGD(parameters, 0.05, momentum: 0.9);
        network.train();
        optimizer.zero_grad();
        using (var loss = nn.functional.cross_entropy(head.forward(network.forward(input)), labels))
        {
            loss.backward();
        }

        optimizer.step();
        network.eval();
        float[] tuned;
        using (no_grad())
        using (var pooled = network.forward(input))
        {
            tuned = pooled.data<float>().ToArray();
        }

        var folder = Path.Combine(Path.GetTempPath(), $"jdml-export-{Guid.NewGuid():N}");
        try
        {
            var export = OnnxWeightExporter.Export(network, Path.Combine(folder, "resnet18-finetuned.onnx"));
            var exported = Backbone.FromOnnx(Backbone.ResNet18Options() with { Name = "resnet18-finetuned", ModelPath = export.Path });
            var after = exported.Featurize(images);

            var exportDifference = MaxDifference(after, tuned);
            var stepChange = MaxDifference(before, tuned);
            TestContext.Out.WriteLine($"ONNX Runtime vs TorchSharp after the step: {exportDifference:E3}; change made by the step: {stepChange:E3}");
            Assert.Multiple(() =>
            {
                Assert.That(export.ReplacedInitializers, Is.EqualTo(110), "every weight, scale, shift, mean and variance");
                Assert.That(export.Sha256, Is.EqualTo(exported.Sha256));
                Assert.That(export.Sha256, Is.Not.EqualTo(original.Sha256));
                Assert.That(stepChange, Is.GreaterThan(1e-2), "the step changed the features, so the comparison means something");
                Assert.That(exportDifference, Is.LessThan(1e-3));
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double MaxDifference(BackboneOutput[] outputs, float[] pooled)
    {
        var largest = 0.0;
        for (var i = 0; i < outputs.Length; i++)
        {
            var row = outputs[i].Pooled;
            for (var j = 0; j < row.Length; j++)
            {
                largest = Math.Max(largest, Math.Abs(row[j] - pooled[(i * row.Length) + j]));
            }
        }

        return largest;
    }
}
