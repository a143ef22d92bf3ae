using Microsoft.ML;
using Microsoft.ML.Data;

namespace JointDislocation.ML.Training;

/// <summary>
/// A fitted classifier head: the ML.NET model over standardised backbone features, the standardisation itself and,
/// for linear heads, the weights on raw features that class activation maps use.
/// </summary>
/// <remarks>
/// Thread-safe: <see cref="Score"/> and <see cref="SaveModel"/> may be called from several threads at once. They share
/// one <see cref="MLContext"/>, which ML.NET does not document as safe for concurrent use, so both take one lock.
/// </remarks>
public sealed class TrainedHead
{
    private readonly MLContext _ml;
    private readonly Lock _mlLock = new();

    internal TrainedHead(HeadKind kind, MLContext ml, ITransformer model, DataViewSchema inputSchema, FeatureStandardizer standardizer, LinearHeadWeights? linear)
    {
        Kind = kind;
        _ml = ml;
        Model = model;
        InputSchema = inputSchema;
        Standardizer = standardizer;
        Linear = linear;
    }

    /// <summary>Which head this is.</summary>
    public HeadKind Kind { get; }

    /// <summary>Number of backbone features the head expects.</summary>
    public int FeatureDimension => Standardizer.Dimension;

    /// <summary>For linear heads, the weights and bias on raw pooled features; <see langword="null"/> for trees.</summary>
    public LinearHeadWeights? Linear { get; }

    /// <summary>The ML.NET model (over standardised features). Using it directly, with a context of your own, is outside the lock of <see cref="Score"/>.</summary>
    public ITransformer Model { get; }

    internal DataViewSchema InputSchema { get; }

    internal FeatureStandardizer Standardizer { get; }

    /// <summary>Scores feature vectors.</summary>
    /// <param name="features">Raw pooled features, one vector per image.</param>
    /// <returns>One score per vector, in order.</returns>
    /// <exception cref="ArgumentException">A vector has the wrong length.</exception>
    public IReadOnlyList<HeadScore> Score(IReadOnlyList<float[]> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count == 0)
        {
            return [];
        }

        var standardized = new float[features.Count][];
        for (var i = 0; i < features.Count; i++)
        {
            if (features[i].Length != FeatureDimension)
            {
                throw new ArgumentException($"Vector {i} has {features[i].Length} features; the head expects {FeatureDimension}.", nameof(features));
            }

            standardized[i] = Standardizer.Apply(features[i]);
        }

        // Scoring a few vectors is cheap next to featurisation, so serialising it costs little.
        lock (_mlLock)
        {
            var scored = Model.Transform(FeatureData.Load(_ml, standardized, labels: null, FeatureDimension));
            var raw = scored.GetColumn<float>(FeatureData.ScoreColumn).ToArray();
            var probability = scored.GetColumn<float>(FeatureData.ProbabilityColumn).ToArray();
            var result = new HeadScore[raw.Length];
            for (var i = 0; i < raw.Length; i++)
            {
                result[i] = new HeadScore(raw[i], probability[i]);
            }

            return result;
        }
    }

    /// <summary>Saves the ML.NET model (the standardisation and weights are saved by the model bundle).</summary>
    /// <param name="stream">Where to write the ML.NET model zip.</param>
    public void SaveModel(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        lock (_mlLock)
        {
            _ml.Model.Save(Model, InputSchema, stream);
        }
    }

    internal static TrainedHead LoadModel(HeadKind kind, Stream stream, FeatureStandardizer standardizer, LinearHeadWeights? linear, int seed)
    {
        var ml = new MLContext(seed);
        var model = ml.Model.Load(stream, out var schema);
        return new TrainedHead(kind, ml, model, schema, standardizer, linear);
    }
}
