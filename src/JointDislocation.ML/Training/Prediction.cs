namespace JointDislocation.ML.Training;

/// <summary>A model's answer for one image.</summary>
/// <param name="Probability">Calibrated probability of the positive class.</param>
/// <param name="RawScore">The head's raw score (logit or margin).</param>
/// <param name="Label">The positive label when <paramref name="Probability"/> reaches the threshold, else the negative label.</param>
/// <param name="Threshold">The operating threshold of the model.</param>
public sealed record Prediction(double Probability, double RawScore, string Label, double Threshold)
{
    /// <summary>Whether the model calls the image positive.</summary>
    public bool IsPositive => Probability >= Threshold;
}
