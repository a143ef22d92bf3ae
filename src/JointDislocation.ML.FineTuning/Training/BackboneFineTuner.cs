using JointDislocation.ML.Backbones;
using JointDislocation.ML.FineTuning.Native;
using JointDislocation.ML.FineTuning.Networks;
using JointDislocation.ML.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace JointDislocation.ML.FineTuning.Training;

/// <summary>
/// Fine-tunes an ONNX backbone end to end on labelled images: the backbone rebuilt in TorchSharp
/// (<see cref="OnnxConvNet"/>) with a linear two-class layer on its pooled features, trained with SGD and momentum
/// on cross-entropy, then written back to ONNX (<see cref="OnnxWeightExporter"/>). The linear layer only drives the
/// training; the bundle's head is fitted afterwards on the fine-tuned backbone's features, as for a frozen one.
/// Deterministic for a seed on one machine: the seed fixes the linear layer's initial weights and the image order.
/// </summary>
/// <remarks>
/// This is the training step only: no augmentation, no early stopping, no cross-validation (issue 18, item 4 adds them
/// around it). All images are preprocessed up front, 3 × 224 × 224 floats (588 KB) each.
/// </remarks>
public static class BackboneFineTuner
{
    /// <summary>Fine-tunes <paramref name="backbone"/> and writes the result to <paramref name="outputPath"/>.</summary>
    /// <param name="backbone">The ONNX backbone to start from, such as <c>Backbone.ResNet18()</c>.</param>
    /// <param name="images">The training images.</param>
    /// <param name="dislocated">Each image's label.</param>
    /// <param name="outputPath">The ONNX file to write (atomically).</param>
    /// <param name="options">Settings; default <see cref="FineTuningOptions"/>.</param>
    /// <param name="progress">Receives progress after each step.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <returns>The fine-tuned backbone file and the losses.</returns>
    /// <exception cref="ArgumentNullException">An argument or image is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid, the counts differ, or one class is missing.</exception>
    public static Task<FineTuningResult> FineTuneAsync(
        OnnxBackbone backbone,
        IReadOnlyList<GrayImage> images,
        IReadOnlyList<bool> dislocated,
        string outputPath,
        FineTuningOptions? options = null,
        IProgress<FineTuningProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(dislocated);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        options ??= new FineTuningOptions();
        options.Validate();
        if (images.Count != dislocated.Count)
        {
            throw new ArgumentException($"{images.Count} images but {dislocated.Count} labels.", nameof(dislocated));
        }

        if (!dislocated.Contains(true) || !dislocated.Contains(false))
        {
            throw new ArgumentException("Fine-tuning needs images of both classes, dislocated and located.", nameof(dislocated));
        }

        return Task.Run(() => Run(backbone, images, dislocated, outputPath, options, progress, cancellationToken), cancellationToken);
    }

    private static FineTuningResult Run(OnnxBackbone backbone, IReadOnlyList<GrayImage> images, IReadOnlyList<bool> dislocated, string outputPath, FineTuningOptions options, IProgress<FineTuningProgress>? progress, CancellationToken cancellationToken)
    {
        TorchSharpNativeLoader.EnsureLoaded();
        random.manual_seed(SeedDerivation.Derive(options.Seed, "fine-tuning classifier"));
        var order = new DeterministicRandom(SeedDerivation.Derive(options.Seed, "fine-tuning order"));

        using var network = OnnxConvNet.FromBackbone(backbone.Options);
        using var classifier = nn.Linear(backbone.FeatureDimension, 2);
        using var inputs = InputTensors.FromImages(backbone, images);
        using var labels = tensor(dislocated.Select(d => d ? 1L : 0L).ToArray());
        using var optimizer = optim.SGD(network.parameters().Concat(classifier.parameters()), options.LearningRate, options.Momentum);

        var batchesPerEpoch = (images.Count + options.BatchSize - 1) / options.BatchSize;
        var totalSteps = batchesPerEpoch * options.Epochs;
        var epochLosses = new List<double>();
        var indices = Enumerable.Range(0, images.Count).ToList();
        var step = 0;
        network.train();
        classifier.train();
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            order.Shuffle(indices);
            var lossSum = 0.0;
            for (var start = 0; start < indices.Count; start += options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var batchIndices = tensor(indices.Skip(start).Take(options.BatchSize).Select(i => (long)i).ToArray());
                var batch = inputs.index_select(0, batchIndices);
                var batchLabels = labels.index_select(0, batchIndices);
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(classifier.forward(network.forward(batch)), batchLabels);
                loss.backward();
                optimizer.step();
                var value = loss.item<float>();
                lossSum += value * batchIndices.shape[0];
                step++;
                progress?.Report(new FineTuningProgress(epoch, step, totalSteps, value));
            }

            epochLosses.Add(lossSum / indices.Count);
        }

        network.eval();
        var export = OnnxWeightExporter.Export(network, outputPath);
        return new FineTuningResult(export, epochLosses, step);
    }
}
