using JointDislocation.ML.Backbones;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Training;

/// <summary>One fine-tuning job for an <see cref="IBackboneFineTuner"/>.</summary>
/// <param name="Backbone">The backbone to start from (its ONNX file, preprocessing and resize policy).</param>
/// <param name="Images">The training images (only a fold's training part during cross-validation).</param>
/// <param name="Labels">Each image's label, true for the positive class.</param>
/// <param name="OutputPath">The ONNX file to write.</param>
/// <param name="Scope">The whole network, or only its last residual block.</param>
/// <param name="Epochs">Passes over the images (at most; early stopping may stop sooner).</param>
/// <param name="Seed">Seeds every random choice of the job.</param>
public sealed record BackboneFineTuneRequest(
    OnnxBackbone Backbone,
    IReadOnlyList<GrayImage> Images,
    IReadOnlyList<bool> Labels,
    string OutputPath,
    FineTuneScope Scope,
    int Epochs,
    int Seed)
{
    /// <summary>Whether to apply the study's on-the-fly augmentation (rotation ±5°, crop 224 of 256, flips, brightness 0.25) while training.</summary>
    /// <value>Default <see langword="true"/>: the study's recipe.</value>
    public bool Augment { get; init; } = true;
}
