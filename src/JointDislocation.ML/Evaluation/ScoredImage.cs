using JointDislocation.ML.Data;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Evaluation;

/// <summary>One test image with the model's prediction and the fingerprints used for leakage checks.</summary>
/// <param name="Record">The image's record (path, label …).</param>
/// <param name="Prediction">What the model said.</param>
/// <param name="Sha256">SHA-256 of the file's bytes, lower-case hex.</param>
/// <param name="PerceptualHash">The decoded image's 64-bit DCT perceptual hash.</param>
public sealed record ScoredImage(RadiographRecord Record, Prediction Prediction, string Sha256, ulong PerceptualHash)
{
    /// <summary>A 16 × 16 thumbnail of the decoded image (512 hex digits), for the second leakage check; null when not computed.</summary>
    public string? Thumbnail { get; init; }
}
