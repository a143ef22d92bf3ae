using JointDislocation.ML.Backbones;
using JointDislocation.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace JointDislocation.ML.Tests.Backbones;

public sealed class OnnxBackboneTests
{
    [Test]
    public void ResNet18_HasDocumentedShapes()
    {
        var backbone = Backbone.ResNet18();

        var outputs = backbone.Featurize([BackboneTestImages.Create(300, 260, 1)]);

        Assert.Multiple(() =>
        {
            Assert.That(backbone.FeatureDimension, Is.EqualTo(512));
            Assert.That(backbone.MapShape, Is.EqualTo(new FeatureMapShape(512, 7, 7)));
            Assert.That(backbone.InputWidth, Is.EqualTo(224));
            Assert.That(backbone.Sha256, Has.Length.EqualTo(64));
            Assert.That(outputs, Has.Length.EqualTo(1));
            Assert.That(outputs[0].Pooled.Length, Is.EqualTo(512));
            Assert.That(outputs[0].Map.Length, Is.EqualTo(512 * 49));
        });
    }

    [Test]
    public void ResNet18_MapMeanEqualsPooledFeatures()
    {
        var output = Backbone.ResNet18().Featurize([BackboneTestImages.Create(180, 400, 2)])[0];

        var maxDiff = 0.0;
        for (var c = 0; c < 512; c++)
        {
            var mean = output.MapChannel(c).ToArray().Average();
            maxDiff = Math.Max(maxDiff, Math.Abs(mean - output.Pooled[c]));
        }

        Assert.That(maxDiff, Is.LessThan(1e-4));
    }

    [Test]
    public void ResNet18_MatchesStockMlNetDnnFeaturizeImage()
    {
        using var folder = new TemporaryDirectory("jdml-backbone");
        var images = BackboneTestImages.VariedSizes.Select((s, i) => BackboneTestImages.Create(s.Width, s.Height, 10 + i)).ToList();
        var paths = images.Select((image, i) =>
        {
            var path = folder.Combine($"image{i}.png");
            BackboneTestImages.SaveAsRgbPng(image, path);
            return path;
        }).ToList();

        var expected = MlNetReference.Featurize(paths);
        var actual = Backbone.ResNet18().Featurize(paths.Select(BackboneTestImages.DecodeGray).ToList());

        var maxDiff = 0.0;
        for (var i = 0; i < images.Count; i++)
        {
            Assert.That(expected[i], Has.Length.EqualTo(512));
            for (var j = 0; j < 512; j++)
            {
                maxDiff = Math.Max(maxDiff, Math.Abs(expected[i][j] - actual[i].Pooled[j]));
            }
        }

        TestContext.Out.WriteLine($"max |fast - ML.NET| = {maxDiff:E3}");
        Assert.That(maxDiff, Is.LessThanOrEqualTo(1e-4));
    }

    [TestCase(ResizePolicy.IsoCrop, ImageResizingEstimator.ResizingKind.IsoCrop)]
    [TestCase(ResizePolicy.Letterbox, ImageResizingEstimator.ResizingKind.IsoPad)]
    public void Resize_GivesMlNetPixels(ResizePolicy policy, ImageResizingEstimator.ResizingKind kind)
    {
        using var folder = new TemporaryDirectory("jdml-backbone");
        var images = BackboneTestImages.VariedSizes.Select((s, i) => BackboneTestImages.Create(s.Width, s.Height, 20 + i)).ToList();
        var paths = images.Select((image, i) =>
        {
            var path = folder.Combine($"image{i}.png");
            BackboneTestImages.SaveAsRgbPng(image, path);
            return path;
        }).ToList();

        var expected = MlNetReference.ExtractPixels(paths, kind);

        for (var i = 0; i < images.Count; i++)
        {
            var resized = new byte[224 * 224];
            BackboneImageResizer.Resize(images[i], 224, 224, policy, resized);
            var mismatches = Enumerable.Range(0, 3 * 224 * 224).Count(k => expected[i][k] != resized[k % (224 * 224)]);
            Assert.That(mismatches, Is.Zero, $"image {i} ({images[i].Width}×{images[i].Height})");
        }
    }
}
