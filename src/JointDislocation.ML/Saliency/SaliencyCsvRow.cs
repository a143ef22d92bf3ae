namespace JointDislocation.ML.Saliency;

/// <summary>One line of <c>saliency.csv</c>.</summary>
/// <param name="Path">The image's path as given (relative to the data folder or manifest).</param>
/// <param name="Label">The image's true label, empty when unknown.</param>
/// <param name="Score">The model's positive-class score.</param>
/// <param name="Method">The saliency method.</param>
/// <param name="Scores">Where the map points.</param>
public sealed record SaliencyCsvRow(string Path, string Label, double Score, SaliencyMethod Method, SaliencyScoreResult Scores);
