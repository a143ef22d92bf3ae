using System.Text.Json;
using JointDislocation.ML.Data;
using JointDislocation.ML.Tests.Data;
using JointDislocation.ML.Tests.Training;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Tests.Cli;

/// <summary>
/// train → evaluate → predict → explain through <c>jdml</c>, with the real ResNet18 backbone, on a small learnable
/// image set (the phantom end-to-end runs live with the reproduction tests).
/// </summary>
[NonParallelizable]
public class ModelCommandsTests
{
    /// <summary>The training folder's name holds a token that must not reach the model bundle (no patient data leaves).</summary>
    private const string TrainFolder = "train-PatientToken-Q7X2";

    private TemporaryDirectory _folder = null!;
    private string _model = null!;
    private string _test = null!;

    [OneTimeSetUp]
    public async Task Train()
    {
        _folder = new TemporaryDirectory("jdml-cli");
        TrainingData.Write(_folder.Combine(TrainFolder), perClass: 10, seed: 11, size: 96);
        TrainingData.Write(_test = _folder.Combine("test"), perClass: 6, seed: 12, size: 96);
        var result = await CliRunner.RunAsync("train", "--data", _folder.Combine(TrainFolder), "--out", _folder.Combine("model"),
            "--joint", "hip", "--heads", "logreg,fasttree", "--augment", "none,static:1", "--folds", "3", "--seed", "5");
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        _model = _folder.Combine("model", "model.jdml");
    }

    [OneTimeTearDown]
    public void CleanUp() => _folder.Dispose();

    [Test]
    public void Train_writes_the_bundle_and_training_json_with_every_candidate()
    {
        Assert.That(_model, Does.Exist);
        using var json = JsonDocument.Parse(File.ReadAllText(_folder.Combine("model", "training.json")));
        var root = json.RootElement;
        Assert.That(root.GetProperty("joint").GetString(), Is.EqualTo("hip"));
        Assert.That(root.GetProperty("trainCount").GetInt32(), Is.EqualTo(20));
        Assert.That(root.GetProperty("positives").GetInt32(), Is.EqualTo(10));
        Assert.That(root.GetProperty("backbone").GetString(), Is.EqualTo("resnet18"));
        var names = root.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.That(names, Is.EqualTo(new[] { "logreg+none", "logreg+static:1", "fasttree+none", "fasttree+static:1" }));
        Assert.That(names, Does.Contain(root.GetProperty("selected").GetString()));
        foreach (var property in new[] { "positiveLabel", "negativeLabel", "seed", "negatives", "threshold", "skipped" })
        {
            Assert.That(root.TryGetProperty(property, out _), Is.True, property);
        }
    }

    [Test]
    public async Task Evaluate_writes_metrics_scores_and_roc()
    {
        var output = _folder.Combine("eval");

        var result = await CliRunner.RunAsync("evaluate", "--model", _model, "--data", _test, "--out", output, "--bootstrap", "100");

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")));
        var root = json.RootElement;
        Assert.That(root.GetProperty("n").GetInt32(), Is.EqualTo(12));
        Assert.That(root.GetProperty("auroc").GetDouble(), Is.GreaterThan(0.8));
        Assert.That(root.GetProperty("delong").GetProperty("lower").GetDouble(), Is.LessThanOrEqualTo(root.GetProperty("auroc").GetDouble()));
        Assert.That(root.GetProperty("bootstrap").GetProperty("replicates").GetInt32(), Is.EqualTo(100));
        foreach (var property in new[] { "threshold", "sensitivity", "specificity", "ppv", "npv", "accuracy", "f1", "brier", "ece", "skipped", "duplicatesOfTraining" })
        {
            Assert.That(root.TryGetProperty(property, out _), Is.True, property);
        }

        Assert.That(File.ReadAllLines(Path.Combine(output, "scores.csv")), Has.Length.EqualTo(13));
        Assert.That(File.ReadAllLines(Path.Combine(output, "roc.csv"))[1], Does.StartWith("inf,0,0"));
        using var png = SkiaSharp.SKBitmap.Decode(Path.Combine(output, "roc.png"));
        Assert.That(png.Width, Is.GreaterThan(100));
    }

    [Test]
    public async Task Evaluate_flags_test_images_that_are_copies_of_training_images()
    {
        var leaky = _folder.Combine("leaky");
        var source = Directory.GetFiles(_folder.Combine(TrainFolder, "located"))[0];
        Directory.CreateDirectory(Path.Combine(leaky, "located"));
        Directory.CreateDirectory(Path.Combine(leaky, "dislocated"));
        File.Copy(source, Path.Combine(leaky, "located", "copy.png"));
        File.Copy(Directory.GetFiles(Path.Combine(_test, "dislocated"))[0], Path.Combine(leaky, "dislocated", "fresh.png"));

        var result = await CliRunner.RunAsync("evaluate", "--model", _model, "--data", leaky, "--out", _folder.Combine("leaky-eval"));

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        using var json = JsonDocument.Parse(File.ReadAllText(_folder.Combine("leaky-eval", "metrics.json")));
        var duplicates = json.RootElement.GetProperty("duplicatesOfTraining").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.That(duplicates, Does.Contain(Path.Combine(leaky, "located", "copy.png")));
    }

    private static List<string> PngChunkTypes(byte[] png)
    {
        var types = new List<string>();
        for (var at = 8; at + 8 <= png.Length;)
        {
            var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            types.Add(System.Text.Encoding.ASCII.GetString(png, at + 4, 4));
            at += 12 + length;
        }

        return types;
    }

    private static byte[] ReadAll(System.IO.Compression.ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    [Test]
    public void Model_bundle_names_no_training_path_or_file_even_inside_its_zip_entries()
    {
        var bundle = File.ReadAllBytes(_model);
        var names = Directory.GetFiles(_folder.Combine(TrainFolder), "*", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension).Cast<string>().Append("PatientToken-Q7X2").ToList();
        var texts = new List<(string Name, string Text)> { ("model.jdml", System.Text.Encoding.Latin1.GetString(bundle)) };
        using (var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bundle), System.IO.Compression.ZipArchiveMode.Read))
        {
            foreach (var entry in zip.Entries)
            {
                texts.Add((entry.FullName, System.Text.Encoding.Latin1.GetString(ReadAll(entry))));
                if (entry.FullName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
                {
                    // head.zip is ML.NET's own zip: look inside it too.
                    using var inner = new System.IO.Compression.ZipArchive(new MemoryStream(ReadAll(entry)), System.IO.Compression.ZipArchiveMode.Read);
                    texts.AddRange(inner.Entries.Select(e => (entry.FullName + "/" + e.FullName, System.Text.Encoding.Latin1.GetString(ReadAll(e)))));
                }
            }
        }

        Assert.That(texts.Count, Is.GreaterThan(2));
        foreach (var (entryName, text) in texts)
        {
            foreach (var name in names)
            {
                Assert.That(text, Does.Not.Contain(name), $"{entryName} holds '{name}'");
            }
        }

        using var manifest = JsonDocument.Parse(texts.Single(t => t.Name == "manifest.json").Text);
        var first = manifest.RootElement.GetProperty("trainingImages")[0];
        Assert.That(first.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "sha256", "perceptualHash", "thumbnail" }));
    }

    [Test]
    public async Task Images_are_read_by_content_whatever_their_name_and_other_files_are_skipped_with_the_reason()
    {
        var folder = _folder.Combine("by-content");
        Directory.CreateDirectory(Path.Combine(folder, "dislocated"));
        Directory.CreateDirectory(Path.Combine(folder, "located"));
        var jpegSource = RadiographDecoder.Decode(Directory.GetFiles(Path.Combine(_test, "dislocated"))[0]);
        var jpeg = Path.Combine(folder, "dislocated", "Unknown");
        await File.WriteAllBytesAsync(jpeg, TestImages.SkiaEncode(jpegSource.Width, jpegSource.Height, jpegSource.Pixels.ToArray(), SkiaSharp.SKEncodedImageFormat.Jpeg, 95));
        var png = Path.Combine(folder, "located", "x.jpg");
        File.Copy(Directory.GetFiles(Path.Combine(_test, "located"))[0], png);
        var text = Path.Combine(folder, "located", "notes.png");
        await File.WriteAllTextAsync(text, "a text file named like an image");
        await File.WriteAllTextAsync(Path.Combine(folder, "located", ".DS_Store"), "hidden");

        var result = await CliRunner.RunAsync("evaluate", "--model", _model, "--data", folder, "--out", _folder.Combine("by-content-eval"));

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        using var json = JsonDocument.Parse(File.ReadAllText(_folder.Combine("by-content-eval", "metrics.json")));
        Assert.That(json.RootElement.GetProperty("n").GetInt32(), Is.EqualTo(2));
        var scored = File.ReadAllLines(_folder.Combine("by-content-eval", "scores.csv")).Skip(1).ToList();
        Assert.That(scored.Count(l => l.Contains(jpeg, StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(scored.Count(l => l.Contains(png, StringComparison.Ordinal)), Is.EqualTo(1));
        var skipped = json.RootElement.GetProperty("skipped").EnumerateArray()
            .Select(e => (e.GetProperty("path").GetString(), e.GetProperty("reason").GetString())).ToList();
        Assert.That(skipped, Is.EqualTo(new[] { ((string?)text, (string?)"not an image (unrecognised content)") }));
        Assert.That(json.RootElement.GetProperty("leakageChecked").GetBoolean(), Is.True);
    }

    [Test]
    public async Task Without_fingerprints_the_bundle_keeps_none_and_evaluate_reports_leakage_not_checked()
    {
        var output = _folder.Combine("model-nofp");
        var train = await CliRunner.RunAsync("train", "--data", _folder.Combine(TrainFolder), "--out", output,
            "--joint", "hip", "--heads", "logreg", "--augment", "none", "--folds", "2", "--seed", "5", "--no-fingerprints");
        Assert.That(train.ExitCode, Is.Zero, train.Error);
        var model = DislocationModel.Load(Path.Combine(output, "model.jdml"));
        Assert.That(model.Manifest.TrainingImages, Is.Empty);
        Assert.That(model.Manifest.TrainingFingerprintsOmitted, Is.True);

        var leaky = _folder.Combine("leaky-nofp");
        Directory.CreateDirectory(Path.Combine(leaky, "located"));
        Directory.CreateDirectory(Path.Combine(leaky, "dislocated"));
        File.Copy(Directory.GetFiles(_folder.Combine(TrainFolder, "located"))[0], Path.Combine(leaky, "located", "copy.png"));
        File.Copy(Directory.GetFiles(Path.Combine(_test, "dislocated"))[0], Path.Combine(leaky, "dislocated", "fresh.png"));
        var result = await CliRunner.RunAsync("evaluate", "--model", Path.Combine(output, "model.jdml"), "--data", leaky, "--out", _folder.Combine("leaky-nofp-eval"));

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Error, Does.Contain("leakage not checked"));
        using var json = JsonDocument.Parse(File.ReadAllText(_folder.Combine("leaky-nofp-eval", "metrics.json")));
        Assert.That(json.RootElement.GetProperty("leakageChecked").GetBoolean(), Is.False);
        Assert.That(json.RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()), Has.Some.Contains("leakage not checked"));
    }

    [Test]
    public async Task Predict_prints_one_json_object_and_writes_a_heatmap_at_the_image_size()
    {
        var image = Directory.GetFiles(Path.Combine(_test, "dislocated"))[0];
        var heatmap = _folder.Combine("heat.png");

        var result = await CliRunner.RunAsync("predict", "--model", _model, "--image", image, "--heatmap", heatmap);

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        Assert.That(json.RootElement.GetProperty("path").GetString(), Is.EqualTo(image));
        Assert.That(json.RootElement.GetProperty("probability").GetDouble(), Is.InRange(0, 1));
        Assert.That(json.RootElement.GetProperty("label").GetString(), Is.AnyOf("dislocated", "located"));
        Assert.That(json.RootElement.TryGetProperty("threshold", out _), Is.True);
        using var png = SkiaSharp.SKBitmap.Decode(heatmap);
        Assert.That((png.Width, png.Height), Is.EqualTo((96, 96)));
    }

    [Test]
    public async Task Explain_writes_overlays_and_saliency_csv()
    {
        var output = _folder.Combine("explain");

        var result = await CliRunner.RunAsync("explain", "--model", _model, "--data", _test, "--out", output);

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        var lines = File.ReadAllLines(Path.Combine(output, "saliency.csv"));
        Assert.That(lines[0], Is.EqualTo("path,label,score,method,peakX,peakY,hit,roiEnergy,artifactEnergy"));
        Assert.That(lines, Has.Length.EqualTo(13));
        Assert.That(Directory.GetFiles(Path.Combine(output, "overlays"), "*.png"), Has.Length.EqualTo(12));

        // These test images carry no region of interest: no hit rate, and no interval either.
        using var summary = JsonDocument.Parse(result.Output);
        Assert.That(summary.RootElement.GetProperty("withRoi").GetInt32(), Is.Zero);
        foreach (var field in new[] { "hitRate", "hitRateLower", "hitRateUpper" })
        {
            Assert.That(summary.RootElement.GetProperty(field).ValueKind, Is.EqualTo(JsonValueKind.Null), field);
        }

        // No metadata travels in an overlay: no text, time or EXIF chunk (docs/privacy.md).
        foreach (var overlay in Directory.GetFiles(Path.Combine(output, "overlays"), "*.png"))
        {
            Assert.That(PngChunkTypes(File.ReadAllBytes(overlay)), Has.None.AnyOf("tEXt", "zTXt", "iTXt", "tIME", "eXIf"), overlay);
        }
    }

    [Test]
    public async Task Bad_image_for_predict_is_exit_2_naming_the_file()
    {
        var bad = _folder.Combine("bad.png");
        await File.WriteAllTextAsync(bad, "not an image");

        var result = await CliRunner.RunAsync("predict", "--model", _model, "--image", bad);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("bad.png"));
        Assert.That(result.Output, Is.Empty);
    }

    [Test]
    public async Task Strict_train_stops_at_the_first_bad_file_with_exit_2_and_writes_nothing()
    {
        var data = _folder.Combine("strict-data");
        TrainingData.Write(data, perClass: 4, seed: 13, size: 48);
        await File.WriteAllBytesAsync(Path.Combine(data, "located", "zero.png"), []);
        var output = _folder.Combine("strict-out");

        var result = await CliRunner.RunAsync("train", "--data", data, "--out", output, "--strict", "--heads", "logreg", "--augment", "none", "--folds", "2");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("zero.png"));
        Assert.That(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any(), Is.False);
    }

    [TestCase("--heads", "xgboost", "xgboost")]
    [TestCase("--augment", "sometimes", "sometimes")]
    [TestCase("--joint", "knee", "knee")]
    [TestCase("--folds", "1", "--folds")]
    public async Task Bad_train_option_values_are_exit_2(string option, string value, string mentioned)
    {
        var result = await CliRunner.RunAsync("train", "--data", _folder.Combine(TrainFolder), "--out", _folder.Combine("never"), option, value);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain(mentioned));
    }

    [Test]
    public async Task A_multi_joint_folder_without_the_models_joint_is_exit_2_not_another_joints_images()
    {
        var data = _folder.Combine("other-joint");
        TrainingData.Write(Path.Combine(data, "elbow"), perClass: 3, seed: 14, size: 48);

        var result = await CliRunner.RunAsync("evaluate", "--model", _model, "--data", data, "--out", _folder.Combine("never3"));

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("no folder for joint hip"));
    }

    [Test]
    public async Task Damaged_model_is_exit_2()
    {
        var damaged = _folder.Combine("damaged.jdml");
        await File.WriteAllBytesAsync(damaged, (await File.ReadAllBytesAsync(_model))[..100]);

        var result = await CliRunner.RunAsync("evaluate", "--model", damaged, "--data", _test, "--out", _folder.Combine("never2"));

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("damaged.jdml"));
    }
}
