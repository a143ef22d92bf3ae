using System.Collections.Immutable;
using Microsoft.ML.Transforms;

namespace JointDislocation.ML.Training;

/// <summary>
/// The per-feature standardisation (zero mean, unit variance on the training data) that a head's ML.NET chain applies
/// first (<c>NormalizeMeanVariance</c>, <c>(x − offset) × scale</c>), read back so that it can be folded into a
/// linear head's weights exactly and recorded in the bundle.
/// </summary>
internal sealed class FeatureStandardizer
{
    public FeatureStandardizer(float[] mean, float[] scale)
    {
        Mean = mean;
        Scale = scale;
    }

    public float[] Mean { get; }

    /// <summary>1 / standard deviation, or 0 for a constant feature (ML.NET's choice: the feature is ignored).</summary>
    public float[] Scale { get; }

    public int Dimension => Mean.Length;

    /// <summary>Reads the offset and scale of a fitted ML.NET mean–variance normaliser (the first link of a head's chain).</summary>
    public static FeatureStandardizer From(NormalizingTransformer normalizer, int dimension)
    {
        var parameters = normalizer.GetNormalizerModelParameters(0) as NormalizingTransformer.AffineNormalizerModelParameters<ImmutableArray<float>>
            ?? throw new InvalidOperationException("The head's normaliser is not an affine (mean–variance) normaliser.");
        var scale = parameters.Scale.IsDefaultOrEmpty ? Enumerable.Repeat(1f, dimension).ToArray() : parameters.Scale.ToArray();
        var offset = parameters.Offset.IsDefaultOrEmpty ? new float[dimension] : parameters.Offset.ToArray();
        return new FeatureStandardizer(offset, scale);
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
