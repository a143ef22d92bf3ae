using JointDislocation.ML.Data;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Evaluation;

/// <summary>One test image with the model's prediction and the fingerprint used for leakage checks.</summary>
/// <param name="Record">The image's record (path, label …).</param>
/// <param name="Prediction">What the model said.</param>
/// <param name="Fingerprint">The file's SHA-256 and the decoded image's perceptual hash and thumbnail, from the same
/// read as the pixels that were scored.</param>
public sealed record ScoredImage(RadiographRecord Record, Prediction Prediction, ImageFingerprint Fingerprint);
