namespace JointDislocation.ML.Saliency;

/// <summary>A class activation map at the feature map's resolution, with the head's logit it decomposes.</summary>
/// <param name="Map">The map, <c>h×w</c>: <c>CAM(y, x) = Σ_c w_c · A_c(y, x)</c>, bias not included.</param>
/// <param name="Bias">The head's bias.</param>
/// <param name="Logit">
/// <c>Bias + mean(Map)</c>; for a linear head on globally average-pooled features this is exactly the head's
/// logit <c>Bias + w · pooled</c>, up to float rounding.
/// </param>
public sealed record ClassActivationMapResult(SaliencyMap Map, float Bias, double Logit)
{
    /// <summary>The logistic link of <see cref="Logit"/>: the positive-class probability of a logistic head.</summary>
    public double Probability => 1.0 / (1.0 + Math.Exp(-Logit));
}
