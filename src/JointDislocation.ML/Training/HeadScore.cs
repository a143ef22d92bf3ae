namespace JointDislocation.ML.Training;

/// <summary>What a head says about one image.</summary>
/// <param name="RawScore">The head's raw ML.NET score (a logit or margin; higher means more likely positive).</param>
/// <param name="Probability">The calibrated probability of the positive class.</param>
public readonly record struct HeadScore(float RawScore, float Probability);
