using JointDislocation.ML.Backbones;
using JointDislocation.ML.FineTuning.Networks;
using JointDislocation.ML.Imaging;
using JointDislocation.ML.Phantoms;
using static TorchSharp.torch;

namespace JointDislocation.ML.FineTuning.Tests.Networks;

public class OnnxConvNetTests
{
    /// <summary>Four phantoms: two joints, located and dislocated, different sizes (the backbone resizes them to 224×224).</summary>
    internal static GrayImage[] Phantoms() =>
    [
        PhantomGenerator.Generate(new PhantomOptions { Joint = Joint.Shoulder, Dislocated = false }, 11).Image,
        PhantomGenerator.Generate(new PhantomOptions { Joint = Joint.Shoulder, Dislocated = true }, 12).Image,
        PhantomGenerator.Generate(new PhantomOptions { Joint = Joint.Hip, Dislocated = true, Width = 300, Height = 260 }, 13).Image,
        PhantomGenerator.Generate(new PhantomOptions { Joint = Joint.Elbow, Dislocated = false, Width = 224, Height = 224 }, 14).Image,
    ];

    [TestCase(224, 7)]
    [TestCase(288, 9)] // re-sized as ONNX Runtime runs it: the last average pool made global, the map grows
    public void ResNet18_rebuilt_from_its_ONNX_graph_gives_the_ONNX_backbones_features_in_eval_mode(int inputSize, int mapSide)
    {
        var backbone = Backbone.ResNet18(inputSize: inputSize);
        using var network = OnnxConvNet.FromBackbone(backbone.Options);
        network.eval();
        var images = Phantoms();
        var expected = backbone.Featurize(images);

        using var input = InputTensors.FromImages(backbone, images);
        var (pooled, map) = network.ForwardBoth(input);
        using (pooled)
        using (map)
        {
            var pooledValues = pooled.data<float>().ToArray();
            var mapValues = map.data<float>().ToArray();
            var pooledDifference = 0.0;
            var mapDifference = 0.0;
            for (var i = 0; i < images.Length; i++)
            {
                var onnxPooled = expected[i].Pooled;
                var onnxMap = expected[i].Map;
                for (var j = 0; j < onnxPooled.Length; j++)
                {
                    pooledDifference = Math.Max(pooledDifference, Math.Abs(onnxPooled[j] - pooledValues[(i * onnxPooled.Length) + j]));
                }

                for (var j = 0; j < onnxMap.Length; j++)
                {
                    mapDifference = Math.Max(mapDifference, Math.Abs(onnxMap[j] - mapValues[(i * onnxMap.Length) + j]));
                }
            }

            TestContext.Out.WriteLine($"largest difference: pooled {pooledDifference:E3}, map {mapDifference:E3}");
            Assert.Multiple(() =>
            {
                Assert.That(pooled.shape, Is.EqualTo(new long[] { images.Length, 512 }));
                Assert.That(map.shape, Is.EqualTo(new long[] { images.Length, 512, mapSide, mapSide }));
                Assert.That(pooledDifference, Is.LessThan(1e-3));
                Assert.That(mapDifference, Is.LessThan(1e-3));
                Assert.That(expected.Max(e => e.Pooled.ToArray().Max()), Is.GreaterThan(0.1f), "the features are not all zero");
            });
        }
    }

    [Test]
    public void The_rebuilt_ResNet18_has_the_CNTK_exports_layout()
    {
        using var network = OnnxConvNet.FromBackbone(Backbone.ResNet18Options());

        var operators = network.Operators;
        var parameters = network.named_parameters().ToList();

        Assert.Multiple(() =>
        {
            // Stem conv + stages [2, 2, 2, 3] of two convs each + three projection shortcuts.
            Assert.That(operators.Count(o => o == "Conv"), Is.EqualTo(1 + (2 * (2 + 2 + 2 + 3)) + 3));
            Assert.That(operators.Count(o => o == "Add"), Is.EqualTo(2 + 2 + 2 + 3));
            Assert.That(operators[^1], Is.EqualTo("AveragePool"));
            Assert.That(parameters.Sum(p => p.parameter.numel()), Is.GreaterThan(11_000_000));
            Assert.That(network.InitializerOf(parameters[0].name), Does.StartWith("Parameter"));
            Assert.That(network.named_buffers().Count(), Is.EqualTo(2 * 22));
        });
    }

    [Test]
    public void A_file_that_is_not_ONNX_is_refused_with_its_name()
    {
        var path = Path.Combine(Path.GetTempPath(), $"not-onnx-{Guid.NewGuid():N}.onnx");
        File.WriteAllText(path, "this is not a protobuf \u0001\u0002");
        try
        {
            var error = Assert.Throws<InvalidInputException>(() => OnnxConvNet.Load(path, "Input247", "a", "b"));
            Assert.That(error!.Message, Does.Contain(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
