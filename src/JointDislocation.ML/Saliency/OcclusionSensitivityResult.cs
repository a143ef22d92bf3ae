namespace JointDislocation.ML.Saliency;

/// <summary>The outcome of <see cref="OcclusionSensitivity"/> for one image.</summary>
/// <param name="Map">
/// Per pixel, the mean score drop (original − occluded) over the patches that covered it: positive where hiding the
/// pixel lowers the positive-class score, in the image's own pixel space.
/// </param>
/// <param name="OriginalScore">The scorer's score for the unoccluded image.</param>
/// <param name="Evaluations">How many images were scored, the original included.</param>
public sealed record OcclusionSensitivityResult(SaliencyMap Map, float OriginalScore, int Evaluations);
