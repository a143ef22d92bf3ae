using JointDislocation.ML.FineTuning.Native;
using JointDislocation.ML.FineTuning.Training;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.FineTuning.Plugin;

/// <summary>
/// The library's fine-tuning extension point (<see cref="IBackboneFineTuner"/>) on TorchSharp: what the fine-tuned
/// heads <c>finetune</c> and <c>finetune-last</c> call for each cross-validation fold and for the final refit. Give it
/// to <c>ExperimentBuilder.WithFineTuner</c>; <c>jdml</c> finds it in this assembly when it loads the package as a
/// plugin (the one public <see cref="IBackboneFineTuner"/> with a parameterless constructor).
/// </summary>
public sealed class TorchSharpFineTuner : IBackboneFineTuner
{
    /// <summary>Creates the fine-tuner; TorchSharp's natives load on the first job (<see cref="TorchSharpNativeLoader.EnsureLoaded"/>).</summary>
    public TorchSharpFineTuner()
    {
    }

    /// <summary>Options applied to every job, under what the request sets (epochs and seed come from the request).</summary>
    /// <value>Default <see cref="FineTuningOptions"/>: learning rate 1e-3, momentum 0.9, batches of 8.</value>
    public FineTuningOptions BaseOptions { get; init; } = new();

    /// <inheritdoc />
    public async Task<FineTunedBackboneFile> FineTuneAsync(BackboneFineTuneRequest request, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = Map(request, BaseOptions);
        TorchSharpNativeLoader.EnsureLoaded();
        var result = await BackboneFineTuner.FineTuneAsync(
            request.Backbone,
            request.Images,
            request.Labels,
            request.OutputPath,
            options,
            progress is null ? null : new StepProgress(progress),
            cancellationToken).ConfigureAwait(false);
        return new FineTunedBackboneFile(result.Backbone.Path, result.Backbone.Sha256) { Augmented = options.Augment };
    }

    /// <summary>
    /// The package's options for a request: the library's request names the scope, the epochs, the seed and whether to
    /// augment; learning rate, momentum, batch size and early stopping (validation fraction, patience) come from
    /// <paramref name="baseOptions"/>.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="baseOptions">Learning rate, momentum and batch size.</param>
    /// <returns>The options of <see cref="BackboneFineTuner.FineTuneAsync"/>.</returns>
    internal static FineTuningOptions Map(BackboneFineTuneRequest request, FineTuningOptions baseOptions)
    {
        return baseOptions with
        {
            Epochs = request.Epochs,
            Seed = request.Seed,
            Scope = request.Scope == FineTuneScope.LastBlock ? FineTuningScope.LastBlock : FineTuningScope.Full,
            Augment = request.Augment,
        };
    }

    /// <summary>Each SGD step as training progress (stage <c>fine-tune</c>, steps done of all steps).</summary>
    private sealed class StepProgress(IProgress<TrainingProgress> inner) : IProgress<FineTuningProgress>
    {
        public void Report(FineTuningProgress value) => inner.Report(new TrainingProgress("fine-tune", value.Step, value.TotalSteps));
    }
}
