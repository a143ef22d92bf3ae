using System.IO.Compression;
using System.Security.Cryptography;
using Google.Protobuf;
using JointDislocation.ML.Backbones;
using JointDislocation.ML.Data;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Tests.Training;

/// <summary>
/// The fine-tuned heads from the library's side, without the TorchSharp package: this project references no
/// TorchSharp, so everything here — cross-validation, the bundle with its <c>backbone.onnx</c>, loading and scoring —
/// runs on ONNX Runtime alone. The fine-tuner is <see cref="ScalingFineTuner"/>, a real implementation of the extension
/// point that changes the network deterministically without gradients.
/// </summary>
[Category("Training")]
public class FineTunedModelTests
{
    [Test]
    public async Task A_finetune_head_tunes_per_fold_on_the_training_part_and_its_bundle_carries_and_checks_the_network()
    {
        using var folder = new TemporaryDirectory("jdml-finetuned");
        var records = TrainingData.Write(folder.Combine("data"), perClass: 6, seed: 4);
        var tuner = new ScalingFineTuner();
        var result = await new DislocationContext(9).Training()
            .WithRecords(records)
            .WithOptions(new ExperimentOptions { Heads = [HeadKind.LogisticRegression, HeadKind.FineTune], AugmentationModes = [AugmentationModeNone], Folds = 2, FineTuneEpochs = 2 })
            .WithFineTuner(tuner)
            .Build()
            .RunAsync();

        // Two folds, each tuned on its training part only, then the refit on all twelve images (if selected).
        var source = Backbone.ResNet18();
        Assert.Multiple(() =>
        {
            Assert.That(result.Candidates.Select(c => c.Name), Is.EqualTo(new[] { "logreg+none", "finetune" }));
            Assert.That(tuner.Requests.Take(2).Select(r => r.Images.Count), Is.EqualTo(new[] { 6, 6 }));
            Assert.That(tuner.Requests.All(r => r.Scope == FineTuneScope.Full && r.Epochs == 2), Is.True);
            Assert.That(tuner.Requests.Take(2).Select(r => r.Seed).Distinct().Count(), Is.EqualTo(2), "each fold has its own derived seed");
            var finetune = result.Candidates[1];
            Assert.That(finetune.CvLower, Is.LessThanOrEqualTo(finetune.CvAuroc));
            Assert.That(finetune.OutOfFoldScores, Has.Count.EqualTo(12));
        });

        // Force the fine-tuned candidate into the bundle: train it alone.
        var tuned = await new DislocationContext(9).Training()
            .WithRecords(records)
            .WithOptions(new ExperimentOptions { Heads = [HeadKind.FineTune], AugmentationModes = [AugmentationModeNone], Folds = 2, FineTuneEpochs = 1 })
            .WithFineTuner(new ScalingFineTuner())
            .Build()
            .RunAsync();
        var model = tuned.Model;
        Assert.That(model.Manifest.FineTunedBackbone, Is.Not.Null);
        Assert.That(model.Backbone.Sha256, Is.Not.EqualTo(source.Sha256), "the network differs from the source");

        var bundle = folder.Combine("model.jdml");
        model.Save(bundle);
        using (var zip = ZipFile.OpenRead(bundle))
        {
            Assert.That(zip.Entries.Select(e => e.FullName), Is.EquivalentTo(new[] { "manifest.json", "head.zip", "backbone.onnx" }));
        }

        var images = records.Select(r => RadiographDecoder.Decode(r.Path)).ToList();
        var loaded = DislocationModel.Load(bundle);
        var before = await model.PredictAsync(images);
        var after = await loaded.PredictAsync(images);
        Assert.Multiple(() =>
        {
            Assert.That(loaded.Backbone.Sha256, Is.EqualTo(model.Backbone.Sha256));
            Assert.That(loaded.Head.Linear, Is.Not.Null, "a fine-tuned head is linear: CAM stays exact");
            Assert.That(after.Select(p => p.Probability), Is.EqualTo(before.Select(p => p.Probability)));
            var frozen = source.Featurize([images[0]])[0].PooledToArray();
            var fineTuned = loaded.Backbone.Featurize([images[0]])[0].PooledToArray();
            Assert.That(fineTuned, Is.Not.EqualTo(frozen), "the loaded bundle runs its own network, not the source");
        });

        // The same bytes again, and a damaged network is refused naming the bundle.
        var again = folder.Combine("again.jdml");
        loaded.Save(again);
        Assert.That(File.ReadAllBytes(again), Is.EqualTo(File.ReadAllBytes(bundle)));
        var damaged = folder.Combine("damaged.jdml");
        File.Copy(bundle, damaged);
        ModelBundleEditor.Rewrite(damaged, "backbone.onnx", bytes =>
        {
            bytes[^10] ^= 0x40;
            return bytes;
        });

        var error = Assert.Throws<InvalidInputException>(() => DislocationModel.Load(damaged));
        Assert.That(error!.Message, Does.Contain(damaged).And.Contain("backbone.onnx").And.Contain("damaged"));
    }

    [Test]
    public void A_finetune_head_without_a_fine_tuner_is_refused_before_any_work()
    {
        using var folder = new TemporaryDirectory("jdml-finetuned");
        var builder = new DislocationContext(1).Training()
            .WithRecords([new RadiographRecord(folder.Combine("a.png"), Joint.Hip, "dislocated", true)])
            .WithHeads(HeadKind.LogisticRegression, HeadKind.FineTuneLastBlock);
        var error = Assert.Throws<InvalidOperationException>(() => builder.Build());
        Assert.That(error!.Message, Does.Contain("finetune-last").And.Contain("JointDislocation.ML.FineTuning"));
    }

    [Test]
    public void The_fine_tuned_heads_have_names_are_linear_and_are_not_default_candidates()
    {
        Assert.Multiple(() =>
        {
            Assert.That(HeadNames.ParseList("finetune,finetune-last"), Is.EqualTo(new[] { HeadKind.FineTune, HeadKind.FineTuneLastBlock }));
            Assert.That(HeadKind.FineTune.IsLinear() && HeadKind.FineTuneLastBlock.IsLinear(), Is.True);
            Assert.That(HeadKind.FineTuneLastBlock.FineTuneScopeOf(), Is.EqualTo(FineTuneScope.LastBlock));
            Assert.That(HeadNames.All, Has.None.Matches<HeadKind>(h => h.IsFineTuned()));
            Assert.That(new ExperimentOptions().Heads, Has.None.Matches<HeadKind>(h => h.IsFineTuned()));
        });
    }

    private static ML.Augmentation.AugmentationMode AugmentationModeNone => ML.Augmentation.AugmentationMode.None;

    /// <summary>
    /// A fine-tuner without gradients: it multiplies the last batch normalisation's scale by a factor drawn from the
    /// request's seed and the share of positive images, and writes the graph back. Deterministic, and the network changes.
    /// </summary>
    private sealed class ScalingFineTuner : IBackboneFineTuner
    {
        public List<BackboneFineTuneRequest> Requests { get; } = [];

        public Task<FineTunedBackboneFile> FineTuneAsync(BackboneFineTuneRequest request, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add(request);
            }

            var model = OnnxModelFile.Read(request.Backbone.Options.ModelPath);
            var scale = model.Graph.Node.Last(n => n.OpType == "BatchNormalization").Input[1];
            var tensor = model.Graph.Initializer.Single(t => t.Name == scale);
            var values = tensor.FloatData.Count > 0 ? tensor.FloatData.ToArray() : System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
            var factor = 1.05f + (0.01f * (request.Seed & 7)) + (0.1f * request.Labels.Count(l => l) / request.Labels.Count);
            for (var i = 0; i < values.Length; i++)
            {
                values[i] *= i % 2 == 0 ? factor : 1 / factor;
            }

            tensor.FloatData.Clear();
            tensor.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
            var bytes = model.ToByteArray();
            AtomicFile.WriteAllBytes(request.OutputPath, bytes);
            progress?.Report(new TrainingProgress("fine-tune", 1, 1));
            return Task.FromResult(new FineTunedBackboneFile(request.OutputPath, Convert.ToHexStringLower(SHA256.HashData(bytes))));
        }
    }
}
