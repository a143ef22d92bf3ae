using JointDislocation.ML.FineTuning.Networks;

namespace JointDislocation.ML.FineTuning.Training;

/// <summary>What <see cref="BackboneFineTuner"/> produced.</summary>
/// <param name="Backbone">The fine-tuned backbone as ONNX (path and SHA-256); run it with <c>Backbone.FromOnnx</c>.</param>
/// <param name="EpochLosses">Mean cross-entropy loss of each epoch, in order.</param>
/// <param name="Steps">SGD steps taken.</param>
public sealed record FineTuningResult(OnnxExportResult Backbone, IReadOnlyList<double> EpochLosses, int Steps);
