using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using JointDislocation.ML.Data;
using JointDislocation.ML.MlNet;
using JointDislocation.ML.Tests.Cli;
using JointDislocation.ML.Tests.Packaging;
using JointDislocation.ML.Tests.Training;
using JointDislocation.ML.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace JointDislocation.ML.Tests.MlNet;

/// <summary>
/// <c>jdml export</c> and <c>ToMlNet</c>: one model.zip that a program referencing only stock ML.NET packages loads,
/// scoring like <c>jdml predict</c>, with the model's threshold.
/// </summary>
[NonParallelizable]
public class MlNetExportTests
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(6);

    private TemporaryDirectory _folder = null!;
    private string _model = null!;
    private List<string> _images = null!;
    private List<bool> _labels = null!;

    [OneTimeSetUp]
    public async Task Train()
    {
        _folder = new TemporaryDirectory("jdml-mlnet-export");
        TrainingData.Write(_folder.Combine("train"), perClass: 6, seed: 21, size: 96);
        var test = TrainingData.Write(_folder.Combine("test"), perClass: 4, seed: 22, size: 96);
        _images = test.Select(r => r.Path).ToList();
        _labels = test.Select(r => r.IsPositive).ToList();
        var result = await CliRunner.RunAsync("train", "--data", _folder.Combine("train"), "--out", _folder.Combine("model"),
            "--heads", "logreg", "--augment", "none", "--folds", "2", "--seed", "5");
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        _model = _folder.Combine("model", "model.jdml");
    }

    [OneTimeTearDown]
    public void CleanUp() => _folder.Dispose();

    [Test]
    public async Task Pipeline_scores_like_the_model_with_its_threshold()
    {
        var model = DislocationModel.Load(_model);
        var ml = new MLContext(seed: 1);
        var scored = model.ToMlNet(ml).Transform(MlNetTestData.Rows(ml, _images, _labels));
        var probabilities = scored.GetColumn<float>("Probability").ToList();
        var predicted = scored.GetColumn<bool>("PredictedLabel").ToList();
        var expected = await model.PredictAsync(_images.Select(p => RadiographDecoder.Decode(p)).ToList());

        var difference = probabilities.Select((p, i) => Math.Abs(p - expected[i].Probability)).Max();
        TestContext.Out.WriteLine($"max |ToMlNet − Predict| = {difference:E3}");
        Assert.That(difference, Is.LessThanOrEqualTo(1e-4));
        Assert.That(predicted, Is.EqualTo(expected.Select(p => p.IsPositive)));

        // ML.NET's own evaluator works on the output.
        var metrics = ml.BinaryClassification.Evaluate(scored);
        Assert.That(metrics.AreaUnderRocCurve, Is.InRange(0.0, 1.0));
    }

    [Test]
    public async Task A_probability_exactly_at_the_threshold_is_positive_in_ML_NET_too()
    {
        var model = DislocationModel.Load(_model);
        var predictions = await model.PredictAsync(_images.Select(p => RadiographDecoder.Decode(p)).ToList());
        var ordered = predictions.Select(p => p.Probability).Distinct().Order().ToList();
        var tie = ordered[ordered.Count / 2];
        var tied = new DislocationModel(model.Manifest with { Threshold = tie }, model.Head, model.Backbone);
        var ml = new MLContext(seed: 1);

        var predicted = tied.ToMlNet(ml).Transform(MlNetTestData.Rows(ml, _images)).GetColumn<bool>("PredictedLabel").ToList();

        Assert.That(predicted, Is.EqualTo(predictions.Select(p => p.Probability >= tie)));
        Assert.That(predicted.Where((_, i) => predictions[i].Probability == tie), Is.Not.Empty.And.All.True, "the tied image is positive");
    }

    [Test]
    public void Score_threshold_is_the_last_float_below_the_first_positive_score()
    {
        static float Sigmoid(float s) => (float)(1 / (1 + Math.Exp(-s)));
        var tie = (double)Sigmoid(0.5f);

        var threshold = HeadThreshold.ScoreThreshold(Sigmoid, tie);

        Assert.That(Sigmoid(threshold), Is.LessThan(tie));
        Assert.That(Sigmoid(MathF.BitIncrement(threshold)), Is.GreaterThanOrEqualTo(tie));
        Assert.That(0.5f > threshold, Is.True, "the tied score itself is positive under ML.NET's rule");
        Assert.That(HeadThreshold.ScoreThreshold(Sigmoid, 1.5), Is.EqualTo(float.PositiveInfinity));
        Assert.That(HeadThreshold.ScoreThreshold(Sigmoid, 0.0), Is.EqualTo(float.NegativeInfinity));
    }

    [Test]
    public async Task Export_writes_one_zip_with_the_manifest_backbone_hash_and_ml_net_version()
    {
        var zipPath = _folder.Combine("exported", "model.zip");

        var result = await CliRunner.RunAsync("export", "--model", _model, "--out", zipPath);

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var model = DislocationModel.Load(_model);
        Assert.That(json.RootElement.GetProperty("backboneSha256").GetString(), Is.EqualTo(model.Manifest.Backbone.Sha256));
        Assert.That(json.RootElement.GetProperty("mlNetVersion").GetString(), Does.StartWith("5."));
        var info = DislocationModelMlNetExtensions.ReadExportInfo(zipPath);
        Assert.That(info.Threshold, Is.EqualTo(model.Threshold));
        Assert.That(info.BackboneSha256, Is.EqualTo(model.Manifest.Backbone.Sha256));
        using var zip = ZipFile.OpenRead(zipPath);
        Assert.That(zip.GetEntry(MlNetExportInfo.ManifestEntryName), Is.Not.Null);
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(zipPath)!), Has.Length.EqualTo(1), "written atomically, no temporary file left");
    }

    [Test]
    public async Task Export_of_a_missing_or_damaged_model_is_bad_input()
    {
        var damaged = _folder.Combine("damaged.jdml");
        await File.WriteAllTextAsync(damaged, "not a zip");

        var missing = await CliRunner.RunAsync("export", "--model", _folder.Combine("none.jdml"), "--out", _folder.Combine("x.zip"));
        var bad = await CliRunner.RunAsync("export", "--model", damaged, "--out", _folder.Combine("y.zip"));
        var usage = await CliRunner.RunAsync("export", "--model", _model);

        Assert.That(missing.ExitCode, Is.EqualTo(2), missing.Error);
        Assert.That(bad.ExitCode, Is.EqualTo(2), bad.Error);
        Assert.That(bad.Error, Does.StartWith("jdml:").And.Contain("damaged.jdml"));
        Assert.That(usage.ExitCode, Is.EqualTo(2));
        Assert.That(File.Exists(_folder.Combine("x.zip")) || File.Exists(_folder.Combine("y.zip")), Is.False);
    }

    [Test]
    public async Task A_stretch_model_or_a_non_onnx_backbone_is_not_exported()
    {
        var model = DislocationModel.Load(_model);
        var stretch = new DislocationModel(
            model.Manifest with { Backbone = model.Manifest.Backbone with { ResizePolicy = ML.Backbones.ResizePolicy.Stretch } },
            model.Head,
            ML.Backbones.Backbone.ResNet18(ML.Backbones.ResizePolicy.Stretch));
        var path = _folder.Combine("stretch.jdml");
        stretch.Save(path);

        var result = await CliRunner.RunAsync("export", "--model", path, "--out", _folder.Combine("stretch.zip"));
        var grid = new DislocationModel(model.Manifest, model.Head, new GridBackbone());

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Error);
        Assert.That(result.Error, Does.Contain("cannot be exported").And.Contain("Stretch"));
        Assert.That(File.Exists(_folder.Combine("stretch.zip")), Is.False);
        Assert.Throws<NotSupportedException>(() => grid.ToMlNet(new MLContext()));
    }

    /// <summary>The proof: a separate program referencing only stock ML.NET packages loads the zip and scores like <c>jdml predict</c>.</summary>
    [Test]
    public async Task A_program_with_only_stock_ml_net_packages_scores_like_jdml_predict()
    {
        var zipPath = _folder.Combine("stock", "model.zip");
        var export = await CliRunner.RunAsync("export", "--model", _model, "--out", zipPath);
        Assert.That(export.ExitCode, Is.Zero, export.Error);
        var program = BuildConsumer(_folder.Combine("consumer"));

        var arguments = string.Join(' ', new[] { zipPath }.Concat(_images).Select(a => $"\"{a}\""));
        var (exitCode, output) = ProcessRunner.Run("dotnet", $"\"{program}\" {arguments}", _folder.Path, BuildTimeout, separateError: true);

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("assemblies-from-jointdislocation: 0"));
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Contains('\t', StringComparison.Ordinal)).ToList();
        Assert.That(lines, Has.Count.EqualTo(_images.Count));
        var maxDifference = 0.0;
        for (var i = 0; i < _images.Count; i++)
        {
            var fields = lines[i].Split('\t');
            var predict = await CliRunner.RunAsync("predict", "--model", _model, "--image", _images[i]);
            Assert.That(predict.ExitCode, Is.Zero, predict.Error);
            using var json = JsonDocument.Parse(predict.Output);
            var expected = json.RootElement.GetProperty("probability").GetDouble();
            var positive = json.RootElement.GetProperty("label").GetString() == "dislocated";
            maxDifference = Math.Max(maxDifference, Math.Abs(double.Parse(fields[1], CultureInfo.InvariantCulture) - expected));
            Assert.That(bool.Parse(fields[3]), Is.EqualTo(positive), _images[i]);
        }

        TestContext.Out.WriteLine($"max |stock ML.NET program − jdml predict| = {maxDifference:E3} over {_images.Count} images");
        Assert.That(maxDifference, Is.LessThanOrEqualTo(1e-4));
    }

    /// <summary>Writes a project with only stock packages (versions from Directory.Packages.props) outside the repository and builds it.</summary>
    private static string BuildConsumer(string folder)
    {
        Directory.CreateDirectory(folder);
        var versions = XDocument.Load(Path.Combine(RepositoryPaths.Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!, StringComparer.Ordinal);
        string[] packages = ["Microsoft.ML", "Microsoft.ML.ImageAnalytics", "Microsoft.ML.OnnxTransformer", "Microsoft.ML.FastTree", "Microsoft.ML.OnnxRuntime", "SkiaSharp", "SkiaSharp.NativeAssets.Linux.NoDependencies"];
        var references = string.Concat(packages.Select(p => $"    <PackageReference Include=\"{p}\" Version=\"{versions[p]}\" />\n"));
        File.WriteAllText(Path.Combine(folder, "StockMlNetConsumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
            {references}  </ItemGroup>
            </Project>
            """);
        File.Copy(Path.Combine(RepositoryPaths.Root, "tests", "StockMlNetConsumer", "Program.cs"), Path.Combine(folder, "Program.cs"), overwrite: true);
        var (exitCode, output) = ProcessRunner.Run("dotnet", "build -c Release -o out", folder, BuildTimeout);
        Assert.That(exitCode, Is.Zero, output);
        Assert.That(Directory.GetFiles(Path.Combine(folder, "out"), "JointDislocation*"), Is.Empty);
        return Path.Combine(folder, "out", "StockMlNetConsumer.dll");
    }
}
