using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML.Transforms;

namespace JointDislocation.ML.Training;

/// <summary>
/// Fits one ML.NET head on feature vectors. Single-threaded trainers with a fixed seed, so that the same data gives
/// the same model whatever else runs in the process.
/// </summary>
public static class HeadTrainer
{
    /// <summary>Fits a head on one set of feature vectors.</summary>
    /// <param name="kind">The head.</param>
    /// <param name="features">Raw pooled features, one vector per image, all of one length.</param>
    /// <param name="labels">True for the positive class.</param>
    /// <param name="seed">Seed of the trainer.</param>
    /// <param name="options">Hyper-parameters; defaults when null.</param>
    /// <returns>The fitted head.</returns>
    /// <exception cref="ArgumentException">The inputs are empty, of different lengths, or hold one class only; or the options are invalid.</exception>
    public static TrainedHead Train(HeadKind kind, IReadOnlyList<float[]> features, IReadOnlyList<bool> labels, int seed, HeadTrainingOptions? options = null)
    {
        options ??= new HeadTrainingOptions();
        options.Validate();
        Check(features, labels);
        return Fit(kind, features, labels, seed, options, normalizer: null, initial: null, iterations: null);
    }

    /// <summary>
    /// Fits a head over epochs of fresh augmentation draws. Heads that accept initial parameters (logreg, svm)
    /// continue from the previous epoch's weights; the others (sdca, fasttree, lightgbm) cannot, and are fitted once
    /// on the draws of all epochs together.
    /// </summary>
    /// <param name="kind">The head.</param>
    /// <param name="epochs">One (features, labels) set per epoch.</param>
    /// <param name="seed">Seed of the trainer.</param>
    /// <param name="options">Hyper-parameters; defaults when null.</param>
    /// <returns>The fitted head.</returns>
    /// <exception cref="ArgumentException">No epochs, or an epoch is invalid.</exception>
    public static TrainedHead TrainOnline(HeadKind kind, IReadOnlyList<(IReadOnlyList<float[]> Features, IReadOnlyList<bool> Labels)> epochs, int seed, HeadTrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        if (epochs.Count == 0)
        {
            throw new ArgumentException("At least one epoch is needed.", nameof(epochs));
        }

        options ??= new HeadTrainingOptions();
        options.Validate();
        foreach (var (features, labels) in epochs)
        {
            Check(features, labels);
        }

        if (kind is not (HeadKind.LogisticRegression or HeadKind.LinearSvm or HeadKind.FineTune or HeadKind.FineTuneLastBlock))
        {
            return Train(kind, epochs.SelectMany(e => e.Features).ToList(), epochs.SelectMany(e => e.Labels).ToList(), seed, options);
        }

        // One normalisation for all epochs: the first epoch's statistics, so that weights stay comparable.
        TrainedHead? head = null;
        for (var e = 0; e < epochs.Count; e++)
        {
            head = Fit(kind, epochs[e].Features, epochs[e].Labels, seed + e, options, head?.Normalizer,
                initial: head is null ? null : LinearParameters(head.Model), iterations: kind is HeadKind.LogisticRegression or HeadKind.FineTune or HeadKind.FineTuneLastBlock ? options.LbfgsIterationsPerEpoch : 1);
        }

        return head!;
    }

    private static TrainedHead Fit(HeadKind kind, IReadOnlyList<float[]> x, IReadOnlyList<bool> y, int seed, HeadTrainingOptions options,
        NormalizingTransformer? normalizer, LinearModelParameters? initial, int? iterations)
    {
        var ml = new MLContext(seed);
        var dimension = x[0].Length;
        var raw = FeatureData.Load(ml, x, y, dimension);

        // The normalisation is the first link of the head's ML.NET chain, so the chain scores raw backbone features
        // on its own (saved, exported, appended to a featurizer) and linear weights fold it exactly.
        normalizer ??= ml.Transforms.NormalizeMeanVariance(FeatureData.FeaturesColumn, fixZero: false).Fit(raw);
        var data = normalizer.Transform(raw);
        var classification = ml.BinaryClassification.Trainers;
        ITransformer model;
        // A fine-tuned head is L-BFGS logistic regression on the fine-tuned backbone's features.
        switch (kind.IsFineTuned() ? HeadKind.LogisticRegression : kind)
        {
            case HeadKind.LogisticRegression:
                {
                    // A new trainer per fit: an L-BFGS trainer remembers its initial model across Fit calls.
                    var trainer = classification.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
                    {
                        L2Regularization = options.L2Regularization,
                        L1Regularization = 0,
                        NumberOfThreads = 1,
                        MaximumNumberOfIterations = iterations ?? 1000,
                    });
                    model = initial is null ? trainer.Fit(data) : trainer.Fit(data, initial);
                    break;
                }

            case HeadKind.SdcaLogisticRegression:
                model = classification.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
                {
                    L2Regularization = options.L2Regularization / x.Count,
                    NumberOfThreads = 1,
                    MaximumNumberOfIterations = 200,
                }).Fit(data);
                break;

            case HeadKind.LinearSvm:
                {
                    var trainer = classification.LinearSvm(new LinearSvmTrainer.Options
                    {
                        Lambda = options.L2Regularization / x.Count,
                        NumberOfIterations = iterations ?? 20,
                        Shuffle = true,
                    });
                    var svm = initial is null ? trainer.Fit(data) : trainer.Fit(data, initial);
                    var calibrator = ml.BinaryClassification.Calibrators.Platt().Fit(svm.Transform(data));
                    model = new TransformerChain<ITransformer>(normalizer, svm, calibrator);
                    break;
                }

            case HeadKind.FastTree:
                model = classification.FastTree(new FastTreeBinaryTrainer.Options
                {
                    NumberOfTrees = options.TreeCount,
                    NumberOfLeaves = options.LeafCount,
                    MinimumExampleCountPerLeaf = options.MinimumExamplesPerLeaf,
                    LearningRate = options.LearningRate,
                    NumberOfThreads = 1,
                    Seed = seed,
                }).Fit(data);
                break;

            case HeadKind.LightGbm:
                model = classification.LightGbm(new LightGbmBinaryTrainer.Options
                {
                    NumberOfIterations = options.TreeCount,
                    NumberOfLeaves = options.LeafCount,
                    // LightGBM grows no tree at all when no leaf can hold its minimum; on a tiny fold that leaves
                    // ML.NET without a model. A quarter of the examples per leaf at most keeps small folds trainable.
                    MinimumExampleCountPerLeaf = Math.Max(1, Math.Min(options.MinimumExamplesPerLeaf, x.Count / 4)),
                    LearningRate = options.LearningRate,
                    NumberOfThreads = 1,
                    Seed = seed,
                    Deterministic = true,
                    Silent = true,
                    Verbose = false,
                }).Fit(data);
                break;

            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown head.");
        }

        if (kind != HeadKind.LinearSvm)
        {
            model = new TransformerChain<ITransformer>(normalizer, model);
        }

        var standardizer = FeatureStandardizer.From(normalizer, dimension);
        var linear = LinearParameters(model) is LinearBinaryModelParameters parameters
            ? standardizer.Fold(parameters.Weights.ToArray(), parameters.Bias)
            : null;
        return new TrainedHead(kind, ml, model, raw.Schema, standardizer, linear);
    }

    /// <summary>The linear model inside a head's ML.NET model, or null for tree heads.</summary>
    internal static LinearBinaryModelParameters? LinearParameters(ITransformer model) => model switch
    {
        BinaryPredictionTransformer<CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator>> calibrated => calibrated.Model.SubModel,
        BinaryPredictionTransformer<LinearBinaryModelParameters> plain => plain.Model,
        TransformerChain<ITransformer> chain => chain.Select(LinearParameters).FirstOrDefault(p => p is not null),
        _ => null,
    };

    private static void Check(IReadOnlyList<float[]> features, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (features.Count == 0 || features.Count != labels.Count)
        {
            throw new ArgumentException($"Need as many labels as feature vectors, and at least one (got {features.Count} vectors, {labels.Count} labels).");
        }

        var dimension = features[0].Length;
        if (dimension == 0 || features.Any(f => f.Length != dimension))
        {
            throw new ArgumentException("All feature vectors must have the same, non-zero length.");
        }

        if (labels.All(l => l) || !labels.Any(l => l))
        {
            throw new ArgumentException("Training needs both classes; the labels hold only one.");
        }
    }
}
