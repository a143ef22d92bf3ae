namespace JointDislocation.ML.Training;

/// <summary>
/// Per-feature standardisation (zero mean, unit variance on the training data) applied before a head, so that
/// regularisation treats features alike. Kept outside ML.NET so that its effect can be folded into a linear head's
/// weights exactly.
/// </summary>
internal sealed class FeatureStandardizer
{
    public FeatureStandardizer(float[] mean, float[] scale)
    {
        Mean = mean;
        Scale = scale;
    }

    public float[] Mean { get; }

    /// <summary>1 / standard deviation, or 1 for a constant feature.</summary>
    public float[] Scale { get; }

    public int Dimension => Mean.Length;

    public static FeatureStandardizer Fit(IReadOnlyList<float[]> features)
    {
        var dimension = features[0].Length;
        var mean = new double[dimension];
        foreach (var row in features)
        {
            for (var c = 0; c < dimension; c++)
            {
                mean[c] += row[c];
            }
        }

        for (var c = 0; c < dimension; c++)
        {
            mean[c] /= features.Count;
        }

        var variance = new double[dimension];
        foreach (var row in features)
        {
            for (var c = 0; c < dimension; c++)
            {
                var d = row[c] - mean[c];
                variance[c] += d * d;
            }
        }

        var scale = new float[dimension];
        for (var c = 0; c < dimension; c++)
        {
            var sd = Math.Sqrt(variance[c] / Math.Max(1, features.Count - 1));
            scale[c] = sd > 1e-8 ? (float)(1.0 / sd) : 1f;
        }

        return new FeatureStandardizer(mean.Select(m => (float)m).ToArray(), scale);
    }

    public float[] Apply(float[] row)
    {
        var result = new float[row.Length];
        for (var c = 0; c < row.Length; c++)
        {
            result[c] = (row[c] - Mean[c]) * Scale[c];
        }

        return result;
    }

    /// <summary>Folds the standardisation into weights given on standardised features.</summary>
    public LinearHeadWeights Fold(ReadOnlySpan<float> weights, float bias)
    {
        var folded = new float[weights.Length];
        double shift = bias;
        for (var c = 0; c < weights.Length; c++)
        {
            folded[c] = weights[c] * Scale[c];
            shift -= (double)weights[c] * Scale[c] * Mean[c];
        }

        return new LinearHeadWeights(folded, (float)shift);
    }
}
