using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using System.Text.Json;

namespace JointDislocation.ML.FineTuning.Tests.Cli;

/// <summary>
/// <c>jdml train --heads finetune</c> end to end, as a user runs it from a build of the repository: <c>jdml</c> (which
/// references no TorchSharp) finds this package's build output as its plugin, fine-tunes per fold, and writes a
/// <c>model.jdml</c> that <c>evaluate</c>, <c>predict</c>, <c>explain</c> and <c>export</c> use on ONNX Runtime.
/// </summary>
[Category("Cli")]
public class JdmlFineTuningPluginTests
{
    private static readonly string Root = typeof(JdmlFineTuningPluginTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
    private static readonly string Configuration = typeof(JdmlFineTuningPluginTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
    private static readonly string Jdml = Path.Combine(Root, "src", "JointDislocation.ML.Cli", "bin", Configuration, "net10.0", "jdml.dll");
    private static readonly string PluginFolder = Path.Combine(Root, "src", "JointDislocation.ML.FineTuning", "bin", Configuration, "net10.0");

    private string _work = null!;

    [SetUp]
    public void CreateWork() => _work = Directory.CreateTempSubdirectory("jdml-finetune-cli-").FullName;

    [TearDown]
    public void DeleteWork() => Directory.Delete(_work, recursive: true);

    [Test]
    [CancelAfter(600_000)]
    public void Train_finetune_through_the_plugin_then_evaluate_predict_explain_and_export_use_the_bundle()
    {
        Assert.That(File.Exists(Jdml), Is.True, $"jdml is built at {Jdml}");

        // No --finetuning: jdml finds the package's build output beside its own (the default for a repository build).
        var (data, model, bundle) = TrainOnElbowPhantoms("finetune", phantomSeed: 3, epochs: 1, seed: 5);

        using (var zip = ZipFile.OpenRead(bundle))
        {
            Assert.That(zip.Entries.Select(e => e.FullName), Is.EquivalentTo(new[] { "manifest.json", "head.zip", "backbone.onnx" }));
            using var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open());
            var record = manifest.RootElement.GetProperty("fineTunedBackbone");
            Assert.Multiple(() =>
            {
                Assert.That(manifest.RootElement.GetProperty("head").GetString(), Is.EqualTo("finetune"));
                Assert.That(record.GetProperty("scope").GetString(), Is.EqualTo("full"));
                Assert.That(record.GetProperty("epochs").GetInt32(), Is.EqualTo(1));
                Assert.That(record.GetProperty("sha256").GetString(), Is.EqualTo(manifest.RootElement.GetProperty("backbone").GetProperty("sha256").GetString()));
                Assert.That(record.GetProperty("sha256").GetString(), Is.Not.EqualTo(record.GetProperty("sourceSha256").GetString()), "the network changed");
            });
        }

        using (var training = JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "training.json"))))
        {
            var candidate = training.RootElement.GetProperty("candidates").EnumerateArray().Single();
            Assert.That(candidate.GetProperty("name").GetString(), Is.EqualTo("finetune"));
            Assert.That(candidate.GetProperty("cvLower").GetDouble(), Is.LessThanOrEqualTo(candidate.GetProperty("cvAuroc").GetDouble()));
        }

        var evaluate = Run("evaluate", "--model", bundle, "--data", data, "--out", Path.Combine(_work, "evaluate"));
        Assert.That(evaluate.Code, Is.Zero, evaluate.Error);
        Assert.That(JsonDocument.Parse(evaluate.Output).RootElement.GetProperty("n").GetInt32(), Is.EqualTo(12));

        var image = Directory.GetFiles(Path.Combine(data, "elbow", "dislocated"), "*.png").Order(StringComparer.Ordinal).First();
        var heatmap = Path.Combine(_work, "heatmap.png");
        var predict = Run("predict", "--model", bundle, "--image", image, "--heatmap", heatmap);
        Assert.That(predict.Code, Is.Zero, predict.Error);
        var probability = JsonDocument.Parse(predict.Output).RootElement.GetProperty("probability").GetDouble();
        Assert.That(probability, Is.InRange(0.0, 1.0));
        Assert.That(File.Exists(heatmap), Is.True);

        var explain = Run("explain", "--model", bundle, "--data", data, "--out", Path.Combine(_work, "explain"));
        Assert.That(explain.Code, Is.Zero, explain.Error);
        var explained = JsonDocument.Parse(explain.Output).RootElement;
        Assert.That(explained.GetProperty("method").GetString(), Is.EqualTo("cam"));
        Assert.That(explained.GetProperty("images").GetInt32(), Is.EqualTo(12));

        var export = Run("export", "--model", bundle, "--out", Path.Combine(_work, "model.zip"));
        Assert.That(export.Code, Is.Zero, export.Error);
        Assert.That(JsonDocument.Parse(export.Output).RootElement.GetProperty("backbone").GetString(), Is.EqualTo("resnet18-finetuned"));

        // TorchSharp got the fixed wrapper in the plugin's load context: it never fell back to copying its natives.
        Assert.That(Directory.Exists(Path.Combine(PluginFolder, "cpu")), Is.False, "no 'cpu' folder of copied natives beside TorchSharp.dll");
    }

    [Test]
    [CancelAfter(600_000)]
    public void Train_finetune_last_with_the_study_augmentation_then_predict_uses_the_bundle()
    {
        var (data, _, bundle) = TrainOnElbowPhantoms("finetune-last", phantomSeed: 4, epochs: 2, seed: 6);
        using (var zip = ZipFile.OpenRead(bundle))
        {
            using var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open());
            var record = manifest.RootElement.GetProperty("fineTunedBackbone");
            Assert.Multiple(() =>
            {
                Assert.That(record.GetProperty("scope").GetString(), Is.EqualTo("lastBlock"));
                Assert.That(record.GetProperty("augment").GetBoolean(), Is.True, "the study's augmentation is the fine-tuning default");
                Assert.That(record.GetProperty("sha256").GetString(), Is.Not.EqualTo(record.GetProperty("sourceSha256").GetString()), "the last block changed");
            });
        }

        var image = Directory.GetFiles(Path.Combine(data, "elbow", "located"), "*.png").Order(StringComparer.Ordinal).First();
        var predict = Run("predict", "--model", bundle, "--image", image);
        Assert.That(predict.Code, Is.Zero, predict.Error);
        Assert.That(JsonDocument.Parse(predict.Output).RootElement.GetProperty("probability").GetDouble(), Is.InRange(0.0, 1.0));
    }

    [Test]
    [CancelAfter(600_000)]
    public void Train_finetune_last_at_another_input_size_records_it_and_the_bundle_runs_at_it()
    {
        var (data, _, bundle) = TrainOnElbowPhantoms("finetune-last", phantomSeed: 5, epochs: 1, seed: 7, "--input-size", "96");
        using (var zip = ZipFile.OpenRead(bundle))
        {
            using var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open());
            var backbone = manifest.RootElement.GetProperty("backbone");
            Assert.That((backbone.GetProperty("inputWidth").GetInt32(), backbone.GetProperty("inputHeight").GetInt32()), Is.EqualTo((96, 96)));
        }

        var image = Directory.GetFiles(Path.Combine(data, "elbow", "dislocated"), "*.png").Order(StringComparer.Ordinal).First();
        var predict = Run("predict", "--model", bundle, "--image", image);
        Assert.That(predict.Code, Is.Zero, predict.Error);
        Assert.That(JsonDocument.Parse(predict.Output).RootElement.GetProperty("probability").GetDouble(), Is.InRange(0.0, 1.0));
    }

    [Test]
    public void Without_the_plugin_a_finetune_head_is_exit_2_with_how_to_get_it()
    {
        var missing = Path.Combine(_work, "no-plugin-here");
        var result = Run("train", "--data", Path.Combine(_work, "unused"), "--out", Path.Combine(_work, "model"), "--heads", "logreg,finetune", "--finetuning", missing);
        Assert.Multiple(() =>
        {
            Assert.That(result.Code, Is.EqualTo(2));
            Assert.That(result.Error, Does.Contain("JointDislocation.ML.FineTuning.dll").And.Contain(missing).And.Contain("JDML_FINETUNING").And.Contain("dotnet build src/JointDislocation.ML.FineTuning"));
            Assert.That(Directory.Exists(Path.Combine(_work, "model")), Is.False);
        });
    }

    [Test]
    public void JDML_FINETUNING_names_the_plugin_folder_when_no_option_does()
    {
        var missing = Path.Combine(_work, "from-the-environment");
        var result = RunWith(missing, "train", "--data", Path.Combine(_work, "unused"), "--out", Path.Combine(_work, "model"), "--heads", "finetune");
        Assert.That(result.Code, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain(missing));
    }

    private static (int Code, string Output, string Error) Run(params string[] arguments) => RunWith(null, arguments);

    private static (int Code, string Output, string Error) RunWith(string? pluginVariable, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [Jdml, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("JDML_FINETUNING");
        if (pluginVariable is not null)
        {
            start.Environment["JDML_FINETUNING"] = pluginVariable;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(8)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"jdml {string.Join(' ', arguments)} did not finish in 8 minutes");
        }

        return (process.ExitCode, output.Result.Trim(), error.Result);
    }

    /// <summary>Writes 12 elbow phantoms, trains the one fine-tuned head on them (2 folds, <c>--augment none</c>; the
    /// fine-tuning keeps its own default augmentation) and checks that it was selected; returns the data folder, the
    /// model folder and the bundle.</summary>
    private (string Data, string Model, string Bundle) TrainOnElbowPhantoms(string head, int phantomSeed, int epochs, int seed, params string[] more)
    {
        var data = Path.Combine(_work, "data");
        var model = Path.Combine(_work, "model");
        Assert.That(Run("phantoms", "--out", data, "--joints", "elbow", "--per-class", "6", "--seed", phantomSeed.ToString(CultureInfo.InvariantCulture)).Code, Is.Zero);

        var clock = Stopwatch.StartNew();
        var train = Run(["train", "--data", data, "--joint", "elbow", "--out", model, "--heads", head, "--augment", "none",
            "--finetune-epochs", epochs.ToString(CultureInfo.InvariantCulture), "--folds", "2", "--seed", seed.ToString(CultureInfo.InvariantCulture), .. more]);
        TestContext.Out.WriteLine($"jdml train --heads {head} {string.Join(' ', more)} (12 phantoms, 2 folds, {epochs} epoch(s)): {clock.Elapsed.TotalSeconds:F1} s");
        Assert.That(train.Code, Is.Zero, train.Error);
        Assert.That(JsonDocument.Parse(train.Output).RootElement.GetProperty("selected").GetString(), Is.EqualTo(head));
        return (data, model, Path.Combine(model, "model.jdml"));
    }
}
