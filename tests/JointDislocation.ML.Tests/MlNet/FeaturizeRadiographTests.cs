using System.IO.Compression;
using System.Text;
using JointDislocation.ML.Backbones;
using JointDislocation.ML.Data;
using JointDislocation.ML.MlNet;
using JointDislocation.ML.Tests.Backbones;
using Microsoft.ML;

namespace JointDislocation.ML.Tests.MlNet;

/// <summary><c>FeaturizeRadiograph</c>: stock ML.NET transforms that give the fast path's features.</summary>
[NonParallelizable]
public class FeaturizeRadiographTests
{
    private TemporaryDirectory _folder = null!;
    private List<string> _paths = null!;

    [OneTimeSetUp]
    public void WriteImages()
    {
        _folder = new TemporaryDirectory("jdml-mlnet-featurize");
        _paths = MlNetTestData.WriteGrayImages(_folder.Combine("images"), 4, seed: 30);
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        _folder.Dispose();

        // ML.NET's ONNX transformers hold their model bytes and native sessions until they are finalized; release them
        // before other tests (a large live heap makes the collector wait longer, which memory-bound tests would see).
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    [TestCase(ResizePolicy.IsoCrop)]
    [TestCase(ResizePolicy.Letterbox)]
    public void Features_equal_the_fast_path_on_gray_upright_images(ResizePolicy policy)
    {
        var ml = new MLContext(seed: 1);
        var data = MlNetTestData.Rows(ml, _paths);

        var features = MlNetTestData.Column(ml.Transforms.FeaturizeRadiograph(resizePolicy: policy).Fit(data).Transform(data), "Features");
        var fast = Backbone.ResNet18(policy).Featurize(_paths.Select(p => RadiographDecoder.Decode(p)).ToList()).Select(o => o.PooledToArray()).ToList();

        var difference = MlNetTestData.MaxDifference(features, fast);
        TestContext.Out.WriteLine($"{policy}: max |ML.NET pipeline − fast path| = {difference:E3} over {_paths.Count} images × 512 features");
        Assert.That(difference, Is.LessThanOrEqualTo(1e-4));
    }

    [Test]
    public void Features_equal_the_fast_path_with_ResNet18_run_at_448()
    {
        var ml = new MLContext(seed: 1);
        var data = MlNetTestData.Rows(ml, _paths);

        var options = new RadiographFeaturizerOptions { Backbone = Backbone.ResNet18Options(448) };
        var features = MlNetTestData.Column(ml.Transforms.FeaturizeRadiograph(options).Fit(data).Transform(data), "Features");
        var fast = Backbone.ResNet18(inputSize: 448).Featurize(_paths.Select(p => RadiographDecoder.Decode(p)).ToList()).Select(o => o.PooledToArray()).ToList();

        var difference = MlNetTestData.MaxDifference(features, fast);
        TestContext.Out.WriteLine($"448: max |ML.NET pipeline − fast path| = {difference:E3} over {_paths.Count} images × 512 features");
        Assert.That(difference, Is.LessThanOrEqualTo(1e-4));
    }

    [Test]
    public void Fitted_pipeline_saves_and_loads_with_stock_calls_and_no_local_folder_inside()
    {
        var ml = new MLContext(seed: 1);
        var data = MlNetTestData.Rows(ml, _paths);
        var model = ml.Transforms.FeaturizeRadiograph().Fit(data);
        var path = _folder.Combine("featurizer.zip");
        ml.Model.Save(model, data.Schema, path);

        var loaded = new MLContext(seed: 2).Model.Load(path, out var schema);
        var before = MlNetTestData.Column(model.Transform(data), "Features");
        var after = MlNetTestData.Column(loaded.Transform(data), "Features");

        Assert.That(schema.GetColumnOrNull("ImagePath"), Is.Not.Null);
        Assert.That(MlNetTestData.MaxDifference(before, after), Is.Zero);
        Assert.That(loaded.GetOutputSchema(schema).Select(c => c.Name), Does.Not.Contain("RadiographImage").And.Not.Contain("RadiographPixels"));
        Assert.That(ZipText(path), Does.Not.Contain(_folder.Path), "no local folder travels inside the zip");
    }

    [Test]
    public void An_image_folder_reads_relative_paths()
    {
        var ml = new MLContext(seed: 1);
        var relative = MlNetTestData.Rows(ml, _paths.Select(Path.GetFileName)!);
        var absolute = MlNetTestData.Rows(ml, _paths);

        var fromFolder = MlNetTestData.Column(ml.Transforms.FeaturizeRadiograph(imageFolder: _folder.Combine("images")).Fit(relative).Transform(relative), "Features");
        var asGiven = MlNetTestData.Column(ml.Transforms.FeaturizeRadiograph().Fit(absolute).Transform(absolute), "Features");

        Assert.That(MlNetTestData.MaxDifference(fromFolder, asGiven), Is.Zero);
    }

    [Test]
    public void Invalid_options_are_reported_together()
    {
        var ml = new MLContext();

        var exception = Assert.Throws<ArgumentException>(() => ml.Transforms.FeaturizeRadiograph(new RadiographFeaturizerOptions
        {
            OutputColumnName = " ",
            InputColumnName = "RadiographImage",
            ResizePolicy = (ResizePolicy)9,
        }));

        Assert.That(exception!.Message, Does.Contain("OutputColumnName is required").And.Contain("used inside the featurizer").And.Contain("ResizePolicy 9"));
    }

    /// <summary>
    /// Where the two paths differ by design: ML.NET's grayscale weights (0.3, 0.59, 0.11) against the decoder's
    /// (77, 150, 29)/256 on a tinted RGB image, and ML.NET ignoring an EXIF orientation the decoder applies.
    /// </summary>
    [Test]
    public void Grayscale_weights_and_exif_orientation_differences_are_measured()
    {
        var ml = new MLContext(seed: 1);
        var image = BackboneTestImages.Create(300, 200, 77);
        var tinted = MlNetTestData.WriteTintedPng(_folder.Combine("tinted.png"), image);
        var rotated = MlNetTestData.WriteRotatedJpeg(_folder.Combine("rotated.jpg"), image);
        var data = MlNetTestData.Rows(ml, [tinted, rotated]);
        var features = MlNetTestData.Column(ml.Transforms.FeaturizeRadiograph().Fit(data).Transform(data), "Features");
        var backbone = Backbone.ResNet18();
        var fast = backbone.Featurize([RadiographDecoder.Decode(tinted), RadiographDecoder.Decode(rotated)]).Select(o => o.PooledToArray()).ToList();
        var unrotated = backbone.Featurize([BackboneTestImages.DecodeGray(rotated)])[0].PooledToArray();

        var grayscale = MlNetTestData.MaxDifference([features[0]], [fast[0]]);
        var orientation = MlNetTestData.MaxDifference([features[1]], [fast[1]]);
        var orientationIgnored = MlNetTestData.MaxDifference([features[1]], [unrotated]);
        var scale = fast.SelectMany(f => f).Max();
        TestContext.Out.WriteLine($"tinted RGB (grayscale weights): max |Δ| = {grayscale:E3}; EXIF orientation 6: max |Δ| = {orientation:E3} " +
            $"(against the unrotated pixels {orientationIgnored:E3}); largest feature {scale:F3}");

        Assert.That(grayscale, Is.GreaterThan(0).And.LessThan(0.1 * scale), "different weights move the features a little");
        Assert.That(orientation, Is.GreaterThan(0.1 * scale), "an ignored rotation moves them a lot");
        Assert.That(orientationIgnored, Is.LessThanOrEqualTo(1e-4), "ML.NET sees the stored, unrotated pixels");
    }

    private static string ZipText(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var text = new StringBuilder();
        foreach (var entry in zip.Entries)
        {
            using var stream = entry.Open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            text.Append(Encoding.UTF8.GetString(buffer.ToArray())).Append(Encoding.Unicode.GetString(buffer.ToArray()));
        }

        return text.ToString();
    }
}
