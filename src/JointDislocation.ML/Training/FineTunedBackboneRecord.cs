namespace JointDislocation.ML.Training;

/// <summary>
/// What a bundle records of a fine-tuned backbone (<c>fineTunedBackbone</c> in <c>manifest.json</c>). The network
/// itself is the bundle's <see cref="Entry"/>, checked against <see cref="Sha256"/> on loading.
/// </summary>
/// <param name="Entry">The zip entry holding the ONNX file: <c>backbone.onnx</c>.</param>
/// <param name="Sha256">SHA-256 of that entry (also the backbone descriptor's).</param>
/// <param name="SourceName">The backbone it was fine-tuned from, for example <c>resnet18</c>.</param>
/// <param name="SourceSha256">SHA-256 of that source's ONNX file.</param>
/// <param name="Scope">What was trained: <c>full</c> or <c>lastBlock</c>.</param>
/// <param name="Epochs">The epochs asked for.</param>
/// <param name="Augment">Whether the study's on-the-fly augmentation was applied (as the fine-tuner reported it).</param>
public sealed record FineTunedBackboneRecord(string Entry, string Sha256, string SourceName, string SourceSha256, FineTuneScope Scope, int Epochs, bool Augment);
