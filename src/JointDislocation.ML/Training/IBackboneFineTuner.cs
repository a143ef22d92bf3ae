namespace JointDislocation.ML.Training;

/// <summary>
/// Trains an ONNX backbone end to end and writes the result back to ONNX: the extension point behind the fine-tuned
/// heads (<see cref="HeadKind.FineTune"/>, <see cref="HeadKind.FineTuneLastBlock"/>). The library defines it and
/// never implements it, so that it carries no training runtime; the optional package
/// <c>JointDislocation.ML.FineTuning</c> implements it on TorchSharp (<c>FineTuningPlugin.BackboneFineTuner</c>), and
/// <c>jdml</c> loads that package on demand (docs/decisions.md, decision 7). Give one to
/// <see cref="ExperimentBuilder.WithFineTuner"/>.
/// </summary>
/// <remarks>
/// An implementation must be deterministic for a request on one machine (same request, same ONNX bytes), must write
/// <see cref="BackboneFineTuneRequest.OutputPath"/> atomically, and must keep the graph's inputs, outputs and node
/// names, so that the fine-tuned file runs wherever the source did (scoring, class activation maps, export).
/// </remarks>
public interface IBackboneFineTuner
{
    /// <summary>Fine-tunes the request's backbone on its images and writes the fine-tuned ONNX file.</summary>
    /// <param name="request">What to train, on what, and where to write it.</param>
    /// <param name="progress">Progress of the training steps (stage <c>fine-tune</c>).</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <returns>The file written and its SHA-256.</returns>
    Task<FineTunedBackboneFile> FineTuneAsync(BackboneFineTuneRequest request, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken);
}
