namespace JointDislocation.ML.Training;

/// <summary>
/// A linear head expressed on the backbone's raw pooled features: <c>score = Bias + Σ Weights[c] · feature[c]</c>,
/// where <c>score</c> is the head's raw ML.NET score (the logit before calibration). Because the pooled features
/// are the spatial mean of the last convolutional map, the same weights turn that map into an exact class activation
/// map.
/// </summary>
/// <param name="Weights">One weight per feature, with the head's feature standardisation folded in.</param>
/// <param name="Bias">The intercept, with the standardisation folded in.</param>
public sealed record LinearHeadWeights(IReadOnlyList<float> Weights, float Bias)
{
    /// <summary>The raw score of one feature vector.</summary>
    /// <param name="features">Pooled features, as many as <see cref="Weights"/>.</param>
    /// <returns>The raw score (logit).</returns>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public double RawScore(ReadOnlySpan<float> features)
    {
        if (features.Length != Weights.Count)
        {
            throw new ArgumentException($"Expected {Weights.Count} features, got {features.Length}.", nameof(features));
        }

        double sum = Bias;
        for (var i = 0; i < features.Length; i++)
        {
            sum += (double)Weights[i] * features[i];
        }

        return sum;
    }
}
