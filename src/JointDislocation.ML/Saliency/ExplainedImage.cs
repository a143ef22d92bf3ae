using JointDislocation.ML.Data;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Saliency;

/// <summary>One image of a batch explanation: its record, prediction, saliency scores and overlay file.</summary>
/// <param name="Record">The image's record (ROI and artefact boxes come from here).</param>
/// <param name="Prediction">What the model said.</param>
/// <param name="Scores">Pointing game and energy fractions.</param>
/// <param name="OverlayPath">The overlay written, or null when none was asked for.</param>
public sealed record ExplainedImage(RadiographRecord Record, Prediction Prediction, SaliencyScoreResult Scores, string? OverlayPath);
