using System.Diagnostics;
using JointDislocation.ML.Augmentation;
using JointDislocation.ML.Backbones;
using JointDislocation.ML.FineTuning.Native;
using JointDislocation.ML.FineTuning.Networks;
using JointDislocation.ML.Imaging;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace JointDislocation.ML.FineTuning.Training;

/// <summary>
/// Fine-tunes an ONNX backbone on labelled images with the study's recipe: the backbone rebuilt in TorchSharp
/// (<see cref="OnnxConvNet"/>) with a linear two-class layer on its pooled features, trained with SGD and momentum on
/// cross-entropy, on-the-fly augmentation (<see cref="FineTuningOptions.Augment"/>), early stopping on a stratified
/// inner validation split of the given images (<see cref="FineTuningOptions.ValidationFraction"/>,
/// <see cref="FineTuningOptions.Patience"/>), the best epoch's weights written back to ONNX
/// (<see cref="OnnxWeightExporter"/>). <see cref="FineTuningScope.LastBlock"/> trains only the last residual block on
/// cached outputs of the frozen blocks. The linear layer only drives the training; the bundle's head is fitted
/// afterwards on the fine-tuned backbone's features, as for a frozen one.
/// </summary>
/// <remarks>
/// Deterministic for a seed on one machine and thread count: the seed fixes the linear layer's initial weights, the
/// validation split, every augmentation draw and each epoch's image order. libtorch runs on
/// <see cref="Environment.ProcessorCount"/> threads (<c>torch.set_num_threads</c>, process-wide).
/// </remarks>
public static class BackboneFineTuner
{
    /// <summary>Fine-tunes <paramref name="backbone"/> and writes the result to <paramref name="outputPath"/>.</summary>
    /// <param name="backbone">The ONNX backbone to start from, such as <c>Backbone.ResNet18()</c>.</param>
    /// <param name="images">The training images (the validation split is drawn from them).</param>
    /// <param name="dislocated">Each image's label.</param>
    /// <param name="outputPath">The ONNX file to write (atomically).</param>
    /// <param name="options">Settings; default <see cref="FineTuningOptions"/>.</param>
    /// <param name="progress">Receives progress after each step.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <returns>The fine-tuned backbone file and the losses.</returns>
    /// <exception cref="ArgumentNullException">An argument or image is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid, the counts differ, one class is missing, or a class is too small for the validation split.</exception>
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

        for (var i = 0; i < images.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(images[i], $"{nameof(images)}[{i}]");
        }

        if (!dislocated.Contains(true) || !dislocated.Contains(false))
        {
            throw new ArgumentException("Fine-tuning needs images of both classes, dislocated and located.", nameof(dislocated));
        }

        var (training, validation) = Split(dislocated, options);
        return Task.Run(
            () =>
            {
                try
                {
                    return Run(backbone, images, dislocated, training, validation, outputPath, options, progress, cancellationToken);
                }
                finally
                {
                    // After the network, its data and the optimiser are disposed: what they held goes back (see there).
                    GlibcAllocator.ReleaseFreeMemory();
                }
            },
            cancellationToken);
    }

    /// <summary>
    /// The stratified, seeded validation split: of each class, round(fraction × count) images (at least one), drawn by
    /// a shuffle seeded from <see cref="FineTuningOptions.Seed"/>; both parts in the images' order.
    /// </summary>
    /// <param name="dislocated">Each image's label.</param>
    /// <param name="options">The fraction and seed.</param>
    /// <returns>The positions of the training and validation images.</returns>
    /// <exception cref="ArgumentException">A class has too few images to leave one on each side.</exception>
    internal static (int[] Training, int[] Validation) Split(IReadOnlyList<bool> dislocated, FineTuningOptions options)
    {
        var all = Enumerable.Range(0, dislocated.Count).ToArray();
        if (options.ValidationFraction == 0)
        {
            return (all, []);
        }

        var random = new DeterministicRandom(SeedDerivation.Derive(options.Seed, "fine-tuning validation split"));
        var validation = new List<int>();
        foreach (var label in new[] { false, true })
        {
            var members = all.Where(i => dislocated[i] == label).ToList();
            var count = Math.Max(1, (int)Math.Round(options.ValidationFraction * members.Count, MidpointRounding.AwayFromZero));
            if (members.Count - count < 1)
            {
                throw new ArgumentException(
                    $"The validation split ({options.ValidationFraction:0.###}) needs at least two {(label ? "dislocated" : "located")} images (has {members.Count}); set ValidationFraction to 0 to train without one.",
                    nameof(dislocated));
            }

            random.Shuffle(members);
            validation.AddRange(members.Take(count));
        }

        var held = validation.ToHashSet();
        return (all.Where(i => !held.Contains(i)).ToArray(), validation.Order().ToArray());
    }

    private static FineTuningResult Run(OnnxBackbone backbone, IReadOnlyList<GrayImage> images, IReadOnlyList<bool> dislocated, int[] training, int[] validation, string outputPath, FineTuningOptions options, IProgress<FineTuningProgress>? progress, CancellationToken cancellationToken)
    {
        TorchSharpNativeLoader.EnsureLoaded();
        if (torch.get_num_threads() != Environment.ProcessorCount)
        {
            torch.set_num_threads(Environment.ProcessorCount);
        }

        random.manual_seed(SeedDerivation.Derive(options.Seed, "fine-tuning classifier"));
        var order = new DeterministicRandom(SeedDerivation.Derive(options.Seed, "fine-tuning order"));
        // The study's on-the-fly policy, its crop scaled to the input side the backbone runs at (224 of 256 at 224).
        var policy = options.Augment
            ? AugmentationPresets.StudyOnlineFor(backbone.InputWidth, backbone.InputHeight).WithSeed(SeedDerivation.Derive(options.Seed, "fine-tuning augmentation"))
            : null;

        using var network = OnnxConvNet.FromBackbone(backbone.Options);
        using var classifier = nn.Linear(backbone.FeatureDimension, 2);
        var inputs = new BatchPreparer(backbone, images, policy);
        using var trainingLabels = tensor(training.Select(i => dislocated[i] ? 1L : 0L).ToArray());
        using var validationLabels = tensor(validation.Select(i => dislocated[i] ? 1L : 0L).ToArray());
        var cacheStart = Stopwatch.GetTimestamp();
        using var data = options.Scope == FineTuningScope.Full
            ? (TrainingData)new FullNetworkData(network, inputs, training, validation, options.Augment)
            : new LastBlockData(network, inputs, training, validation, options.Augment, Math.Min(options.CachedCopies, options.Epochs), Math.Max(options.BatchSize, 16), cancellationToken);
        var cacheSeconds = options.Scope == FineTuningScope.Full ? 0 : Stopwatch.GetElapsedTime(cacheStart).TotalSeconds;
        using var optimizer = optim.SGD(data.TrainableParameters.Concat(classifier.parameters()), options.LearningRate, options.Momentum);

        var batchesPerEpoch = (training.Length + options.BatchSize - 1) / options.BatchSize;
        var totalSteps = batchesPerEpoch * options.Epochs;
        var epochLosses = new List<double>();
        var validationLosses = new List<double>();
        var positions = Enumerable.Range(0, training.Length).ToList();
        var step = 0;
        var bestEpoch = 0;
        var bestLoss = double.PositiveInfinity;
        var stoppedEarly = false;
        var trainingSeconds = 0.0;
        var validationSeconds = 0.0;
        Dictionary<string, Tensor>? best = null;
        try
        {
            for (var epoch = 1; epoch <= options.Epochs; epoch++)
            {
                network.train();
                classifier.train();
                order.Shuffle(positions);
                var lossSum = 0.0;
                var epochStart = Stopwatch.GetTimestamp();
                for (var start = 0; start < positions.Count; start += options.BatchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    using var scope = NewDisposeScope();
                    var batch = positions.Skip(start).Take(options.BatchSize).ToArray();
                    var batchPositions = tensor(batch.Select(p => (long)p).ToArray());
                    var pooled = data.TrainingFeatures(batch, batchPositions, epoch);
                    optimizer.zero_grad();
                    var loss = nn.functional.cross_entropy(classifier.forward(pooled), trainingLabels.index_select(0, batchPositions));
                    loss.backward();
                    optimizer.step();
                    var value = loss.item<float>();
                    lossSum += value * batch.Length;
                    step++;
                    progress?.Report(new FineTuningProgress(epoch, step, totalSteps, value));
                }

                trainingSeconds += Stopwatch.GetElapsedTime(epochStart).TotalSeconds;
                GlibcAllocator.ReleaseFreeMemory(); // the epoch's freed tensors go back to the system (see there)
                epochLosses.Add(lossSum / positions.Count);
                if (validation.Length == 0)
                {
                    bestEpoch = epoch;
                    continue;
                }

                var validationStart = Stopwatch.GetTimestamp();
                var validationLoss = ValidationLoss(data, classifier, network, validationLabels, options.BatchSize * 2, cancellationToken);
                validationSeconds += Stopwatch.GetElapsedTime(validationStart).TotalSeconds;
                validationLosses.Add(validationLoss);
                if (validationLoss < bestLoss)
                {
                    bestLoss = validationLoss;
                    bestEpoch = epoch;
                    Dispose(best);
                    best = Snapshot(network);
                }
                else if (epoch - bestEpoch >= options.Patience)
                {
                    stoppedEarly = epoch < options.Epochs;
                    break;
                }
            }

            network.eval();
            if (best is not null && bestEpoch != epochLosses.Count)
            {
                Restore(network, best);
            }

            var export = OnnxWeightExporter.Export(network, outputPath);
            return new FineTuningResult(export, epochLosses, step, bestEpoch, validationLosses, training.Length, validation.Length)
            {
                StoppedEarly = stoppedEarly,
                ImagesTrained = training.Length * epochLosses.Count,
                TrainingSeconds = trainingSeconds,
                PreparationSeconds = inputs.Seconds,
                CacheSeconds = cacheSeconds,
                ValidationSeconds = validationSeconds,
            };
        }
        finally
        {
            Dispose(best);
        }
    }

    private static double ValidationLoss(TrainingData data, Linear classifier, OnnxConvNet network, Tensor labels, int batchSize, CancellationToken cancellationToken)
    {
        network.eval();
        classifier.eval();
        using var noGrad = torch.no_grad();
        var sum = 0.0;
        var count = (int)labels.shape[0];
        for (var start = 0; start < count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var batch = Enumerable.Range(start, Math.Min(batchSize, count - start)).ToArray();
            var batchPositions = tensor(batch.Select(p => (long)p).ToArray());
            var logits = classifier.forward(data.ValidationFeatures(batch, batchPositions));
            sum += nn.functional.cross_entropy(logits, labels.index_select(0, batchPositions), reduction: nn.Reduction.Sum).item<float>();
        }

        return sum / count;
    }

    private static Dictionary<string, Tensor> Snapshot(OnnxConvNet network)
    {
        using var noGrad = torch.no_grad();
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, parameter) in network.named_parameters())
        {
            state[name] = parameter.detach().clone().DetachFromDisposeScope();
        }

        foreach (var (name, buffer) in network.named_buffers())
        {
            state[name] = buffer.detach().clone().DetachFromDisposeScope();
        }

        return state;
    }

    private static void Restore(OnnxConvNet network, Dictionary<string, Tensor> state)
    {
        using var noGrad = torch.no_grad();
        foreach (var (name, parameter) in network.named_parameters())
        {
            parameter.copy_(state[name]);
        }

        foreach (var (name, buffer) in network.named_buffers())
        {
            buffer.copy_(state[name]);
        }
    }

    private static void Dispose(Dictionary<string, Tensor>? state)
    {
        if (state is null)
        {
            return;
        }

        foreach (var value in state.Values)
        {
            value.Dispose();
        }
    }

    /// <summary>Preprocesses images as the ONNX backbone does, after the epoch's augmentation draw when there is one.</summary>
    private sealed class BatchPreparer(OnnxBackbone backbone, IReadOnlyList<GrayImage> images, AugmentationPolicy? policy)
    {
        private readonly int _perImage = 3 * backbone.InputWidth * backbone.InputHeight;
        private long _ticks;

        /// <summary>Wall seconds spent in <see cref="Prepare"/> so far.</summary>
        public double Seconds => Stopwatch.GetElapsedTime(0, _ticks).TotalSeconds;

        /// <summary>A [N, 3, H, W] tensor of the images at <paramref name="imageIndices"/>; draw <paramref name="draw"/> of the policy when not null.</summary>
        public Tensor Prepare(int[] imageIndices, int? draw)
        {
            var start = Stopwatch.GetTimestamp();
            var values = new float[imageIndices.Length * _perImage];
            Parallel.For(0, imageIndices.Length, k =>
            {
                var index = imageIndices[k];
                var image = policy is not null && draw is { } d ? policy.Draw(index, d).Apply(images[index]) : images[index];
                backbone.Prepare(image, values.AsSpan(k * _perImage, _perImage));
            });
            var result = tensor(values, [imageIndices.Length, 3, backbone.InputHeight, backbone.InputWidth]);
            _ticks += Stopwatch.GetTimestamp() - start;
            return result;
        }
    }

    /// <summary>Pooled features of training and validation batches, by position in the training and validation lists.</summary>
    private abstract class TrainingData : IDisposable
    {
        public abstract IEnumerable<Parameter> TrainableParameters { get; }

        public abstract Tensor TrainingFeatures(int[] batch, Tensor batchPositions, int epoch);

        public abstract Tensor ValidationFeatures(int[] batch, Tensor batchPositions);

        public abstract void Dispose();
    }

    /// <summary>The whole network trains; images are prepared per batch (augmented) or once (not augmented).</summary>
    private sealed class FullNetworkData : TrainingData
    {
        private readonly OnnxConvNet _network;
        private readonly BatchPreparer _inputs;
        private readonly int[] _training;
        private readonly int[] _validation;
        private readonly Tensor? _prepared;

        public FullNetworkData(OnnxConvNet network, BatchPreparer inputs, int[] training, int[] validation, bool augment)
        {
            _network = network;
            _inputs = inputs;
            _training = training;
            _validation = validation;
            _prepared = augment ? null : inputs.Prepare(training, null);
        }

        public override IEnumerable<Parameter> TrainableParameters => _network.parameters();

        public override Tensor TrainingFeatures(int[] batch, Tensor batchPositions, int epoch) =>
            _network.forward(_prepared is null ? _inputs.Prepare(batch.Select(p => _training[p]).ToArray(), epoch - 1) : _prepared.index_select(0, batchPositions));

        public override Tensor ValidationFeatures(int[] batch, Tensor batchPositions) =>
            _network.forward(_inputs.Prepare(batch.Select(p => _validation[p]).ToArray(), null));

        public override void Dispose() => _prepared?.Dispose();
    }

    /// <summary>
    /// Only the steps after the last residual block's input train. That input is computed once per image (and per
    /// augmented copy) by the frozen blocks in eval mode without gradients, and cached.
    /// </summary>
    private sealed class LastBlockData : TrainingData
    {
        private readonly OnnxConvNet _network;
        private readonly string _cut;
        private readonly Tensor[] _copies;
        private readonly Tensor _validation;

        public LastBlockData(OnnxConvNet network, BatchPreparer inputs, int[] training, int[] validation, bool augment, int copies, int batchSize, CancellationToken cancellationToken)
        {
            _network = network;
            _cut = network.LastBlockInput();
            // Without augmentation every epoch sees the same inputs: one copy.
            _copies = new Tensor[augment ? copies : 1];
            for (var copy = 0; copy < _copies.Length; copy++)
            {
                _copies[copy] = Frozen(inputs, training, augment ? copy : null, batchSize, cancellationToken);
            }

            _validation = Frozen(inputs, validation, null, batchSize, cancellationToken);
        }

        public override IEnumerable<Parameter> TrainableParameters => _network.ParametersAfter(_cut);

        public override Tensor TrainingFeatures(int[] batch, Tensor batchPositions, int epoch) =>
            _network.ForwardFrom(_cut, _copies[(epoch - 1) % _copies.Length].index_select(0, batchPositions)).Pooled;

        public override Tensor ValidationFeatures(int[] batch, Tensor batchPositions) =>
            _network.ForwardFrom(_cut, _validation.index_select(0, batchPositions)).Pooled;

        public override void Dispose()
        {
            foreach (var copy in _copies)
            {
                copy?.Dispose();
            }

            _validation.Dispose();
        }

        private Tensor Frozen(BatchPreparer inputs, int[] imageIndices, int? draw, int batchSize, CancellationToken cancellationToken)
        {
            using var noGrad = torch.no_grad();
            var parts = new List<Tensor>();
            try
            {
                for (var start = 0; start < imageIndices.Length; start += batchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    using var scope = NewDisposeScope();
                    var batch = imageIndices.Skip(start).Take(batchSize).ToArray();
                    parts.Add(_network.ForwardTo(inputs.Prepare(batch, draw), _cut).MoveToOuterDisposeScope());
                }

                return parts.Count == 0 ? zeros(0) : cat(parts, 0);
            }
            finally
            {
                foreach (var part in parts)
                {
                    part.Dispose();
                }
            }
        }
    }
}
