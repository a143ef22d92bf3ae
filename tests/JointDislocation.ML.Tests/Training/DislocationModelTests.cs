using System.IO.Compression;
using JointDislocation.ML.Augmentation;
using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Tests.Training;

public class DislocationModelTests
{
    private TemporaryDirectory _folder = null!;
    private List<RadiographRecord> _records = null!;
    private DislocationModel _model = null!;

    [OneTimeSetUp]
    public async Task TrainOnce()
    {
        _folder = new TemporaryDirectory();
        _records = TrainingData.Write(_folder.Combine("data"), perClass: 10, seed: 9);
        var result = await new DislocationContext(3).Training().ForJoint(Joint.Hip).WithRecords(_records).WithBackbone(new GridBackbone())
            .WithHeads(HeadKind.LogisticRegression).WithAugmentation(AugmentationMode.None).WithCrossValidation(3).Build().RunAsync();
        _model = result.Model;
    }

    [OneTimeTearDown]
    public void CleanUp() => _folder.Dispose();

    private List<GrayImage> Images => _records.Select(r => RadiographDecoder.Decode(r.Path)).ToList();

    [Test]
    public async Task Bundle_round_trip_gives_identical_scores_and_manifest()
    {
        var path = _folder.Combine("model.jdml");
        _model.Save(path);

        var loaded = DislocationModel.Load(path, new GridBackbone());

        Assert.That(await loaded.PredictAsync(Images), Is.EqualTo(await _model.PredictAsync(Images)));
        Assert.That(loaded.Manifest.Head, Is.EqualTo(HeadKind.LogisticRegression));
        Assert.That(loaded.Manifest.Joint, Is.EqualTo(Joint.Hip));
        Assert.That(loaded.Manifest.Backbone.Sha256, Is.EqualTo("grid-backbone-v1"));
        Assert.That(loaded.Manifest.TrainingImages, Has.Count.EqualTo(20));
        Assert.That(loaded.Head.Linear, Is.Not.Null);
    }

    [Test]
    public void Predict_labels_by_threshold()
    {
        var prediction = _model.Predict(Images[0]);

        Assert.That(prediction.Label, Is.EqualTo(prediction.Probability >= _model.Threshold ? "dislocated" : "located"));
        Assert.That(prediction.Threshold, Is.EqualTo(_model.Threshold));
    }

    [Test]
    public void Truncated_bundle_is_refused_with_a_clear_error()
    {
        var path = _folder.Combine("truncated.jdml");
        _model.Save(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var exception = Assert.Throws<InvalidInputException>(() => DislocationModel.Load(path, new GridBackbone()));
        Assert.That(exception!.Message, Does.Contain("truncated.jdml").And.Contain("damaged or truncated"));
    }

    [Test]
    public void Other_format_version_is_refused()
    {
        var path = RewriteManifest("version.jdml", json => json.Replace("\"formatVersion\": 2", "\"formatVersion\": 99", StringComparison.Ordinal));

        var exception = Assert.Throws<InvalidInputException>(() => DislocationModel.Load(path, new GridBackbone()));
        Assert.That(exception!.Message, Does.Contain("format version 99"));
    }

    [Test]
    public void Format_version_1_is_refused_with_its_version_named()
    {
        var path = RewriteManifest("version1.jdml", json => json.Replace("\"formatVersion\": 2", "\"formatVersion\": 1", StringComparison.Ordinal));

        var exception = Assert.Throws<InvalidInputException>(() => DislocationModel.Load(path, new GridBackbone()));
        Assert.That(exception!.Message, Does.Contain("format version 1").And.Contain("reads version 2").And.Contain("Retrain"));
    }

    [Test]
    public void Typed_manifest_fields_keep_their_version_1_string_forms()
    {
        string? written = null;
        var path = RewriteManifest("strings.jdml", json =>
        {
            written = json;

            // Bundles written before the manifest was typed: the same names, in any case.
            return json.Replace("\"head\": \"logreg\"", "\"head\": \"LogReg\"", StringComparison.Ordinal)
                .Replace("\"joint\": \"hip\"", "\"joint\": \"Hip\"", StringComparison.Ordinal)
                .Replace("\"thresholdMethod\": \"Youden\"", "\"thresholdMethod\": \"youden\"", StringComparison.Ordinal);
        });

        Assert.That(written, Does.Contain("\"joint\": \"hip\"").And.Contain("\"head\": \"logreg\"").And.Contain("\"thresholdMethod\": \"Youden\""));
        var loaded = DislocationModel.Load(path, new GridBackbone());
        Assert.That(loaded.Manifest.Joint, Is.EqualTo(Joint.Hip));
        Assert.That(loaded.Manifest.Head, Is.EqualTo(HeadKind.LogisticRegression));
        Assert.That(loaded.Manifest.ThresholdMethod, Is.EqualTo(JointDislocation.ML.Statistics.ThresholdMethod.Youden));
    }

    [Test]
    public async Task An_infinite_threshold_survives_the_bundle_round_trip()
    {
        // Youden's index picks +∞ (nothing called dislocated) for a model that scores below chance in cross-validation;
        // the manifest must keep it, not turn it into null and then NaN.
        var path = RewriteManifest("infinite.jdml", json => System.Text.RegularExpressions.Regex.Replace(json, "\"threshold\": [^,\\r\\n]+", "\"threshold\": \"Infinity\""));

        var loaded = DislocationModel.Load(path, new GridBackbone());
        Assert.That(loaded.Threshold, Is.EqualTo(double.PositiveInfinity));
        Assert.That((await loaded.PredictAsync(Images)).Select(p => p.Label), Is.All.EqualTo("located"));

        var again = _folder.Combine("infinite-again.jdml");
        loaded.Save(again);
        using var zip = ZipFile.OpenRead(again);
        using var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open());
        Assert.That(reader.ReadToEnd(), Does.Contain("\"threshold\": \"Infinity\""));
        Assert.That(DislocationModel.Load(again, new GridBackbone()).Threshold, Is.EqualTo(double.PositiveInfinity));
    }

    [Test]
    public void A_threshold_that_is_not_a_number_is_refused()
    {
        var path = RewriteManifest("nan.jdml", json => System.Text.RegularExpressions.Regex.Replace(json, "\"threshold\": [^,\\r\\n]+", "\"threshold\": null"));

        var exception = Assert.Throws<InvalidInputException>(() => DislocationModel.Load(path, new GridBackbone()));
        Assert.That(exception!.Message, Does.Contain("threshold"));
    }

    [Test]
    public void Unknown_head_name_is_refused_with_the_known_ones()
    {
        var path = RewriteManifest("head.jdml", json => json.Replace("\"head\": \"logreg\"", "\"head\": \"knn\"", StringComparison.Ordinal));

        var exception = Assert.Throws<InvalidInputException>(() => DislocationModel.Load(path, new GridBackbone()));
        Assert.That(exception!.Message, Does.Contain("Unknown head 'knn'").And.Contain("logreg, sdca, svm"));
    }

    [Test]
    public void Missing_entry_is_refused()
    {
        var path = _folder.Combine("missing.jdml");
        _model.Save(path);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            zip.GetEntry("head.zip")!.Delete();
        }

        var exception = Assert.Throws<InvalidInputException>(() => DislocationModel.Load(path, new GridBackbone()));
        Assert.That(exception!.Message, Does.Contain("no 'head.zip' entry"));
    }

    [Test]
    public void Backbone_with_another_hash_is_refused()
    {
        var path = _folder.Combine("backbone.jdml");
        _model.Save(path);

        var exception = Assert.Throws<InvalidInputException>(() => DislocationModel.Load(path, new GridBackbone("another-backbone")));
        Assert.That(exception!.Message, Does.Contain("grid-backbone-v1").And.Contain("another-backbone"));
    }

    [Test]
    public void Swapped_head_is_refused_by_its_checksum()
    {
        var path = _folder.Combine("swapped.jdml");
        _model.Save(path);
        ModelBundleEditor.Rewrite(path, "head.zip", head =>
        {
            head[^10] ^= 0xFF;
            return head;
        });

        var exception = Assert.Throws<InvalidInputException>(() => DislocationModel.Load(path, new GridBackbone()));
        Assert.That(exception!.Message, Does.Contain("checksum"));
    }

    private string RewriteManifest(string name, Func<string, string> change)
    {
        var path = _folder.Combine(name);
        _model.Save(path);
        ModelBundleEditor.RewriteText(path, "manifest.json", change);
        return path;
    }
}
