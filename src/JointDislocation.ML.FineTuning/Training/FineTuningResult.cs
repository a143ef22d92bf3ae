using JointDislocation.ML.FineTuning.Networks;

namespace JointDislocation.ML.FineTuning.Training;

/// <summary>What <see cref="BackboneFineTuner"/> produced.</summary>
/// <param name="Backbone">The fine-tuned backbone as ONNX (path and SHA-256), with the weights of <paramref name="BestEpoch"/>; run it with <c>Backbone.FromOnnx</c>.</param>
/// <param name="EpochLosses">Mean training cross-entropy of each epoch run, in order.</param>
/// <param name="Steps">SGD steps taken.</param>
/// <param name="BestEpoch">The epoch (from 1) whose weights were exported: the lowest validation loss, or the last epoch without a validation split.</param>
/// <param name="ValidationLosses">Mean validation cross-entropy after each epoch run; empty without a validation split.</param>
/// <param name="TrainingImages">Images trained on (after holding out the validation split).</param>
/// <param name="ValidationImages">Images held out for validation (0 without a split).</param>
public sealed record FineTuningResult(
    OnnxExportResult Backbone,
    IReadOnlyList<double> EpochLosses,
    int Steps,
    int BestEpoch,
    IReadOnlyList<double> ValidationLosses,
    int TrainingImages,
    int ValidationImages)
{
    /// <summary>Whether training stopped before the epoch limit because the validation loss stopped falling.</summary>
    public bool StoppedEarly { get; init; }

    /// <summary>Image passes through the training steps, summed over epochs (training images × epochs run).</summary>
    public int ImagesTrained { get; init; }

    /// <summary>Wall seconds in the training steps: batch preparation (augmentation, preprocessing), forward, backward, update.</summary>
    public double TrainingSeconds { get; init; }

    /// <summary>Wall seconds spent augmenting and preprocessing images, within <see cref="TrainingSeconds"/>, <see cref="CacheSeconds"/> and <see cref="ValidationSeconds"/> together.</summary>
    public double PreparationSeconds { get; init; }

    /// <summary>Wall seconds building the frozen blocks' cache (<see cref="FineTuningScope.LastBlock"/>; 0 otherwise), validation images included.</summary>
    public double CacheSeconds { get; init; }

    /// <summary>Wall seconds computing validation losses.</summary>
    public double ValidationSeconds { get; init; }
}
