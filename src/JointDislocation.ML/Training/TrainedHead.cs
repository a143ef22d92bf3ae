using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace JointDislocation.ML.Training;

/// <summary>
/// A fitted classifier head: an ML.NET chain over raw backbone features (a mean–variance normaliser, then the
/// trainer's model, then a calibrator where the trainer has none) and, for linear heads, the weights on raw features
/// that class activation maps use.
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

    /// <summary>
    /// The ML.NET model: takes a <c>Features</c> column of raw pooled backbone features (a float vector of
    /// <see cref="FeatureDimension"/>) and adds <c>Score</c>, <c>Probability</c> and <c>PredictedLabel</c>. Its
    /// normalisation is inside, so it can be appended to <c>FeaturizeRadiograph</c> or any featurizer that gives the
    /// same features. <c>PredictedLabel</c> here uses ML.NET's default threshold; the model's operating threshold is
    /// applied by the exported pipeline (<c>ToMlNet</c>). Using it directly, with a context of your own, is outside
    /// the lock of <see cref="Score"/>.
    /// </summary>
    public ITransformer Model { get; }

    internal DataViewSchema InputSchema { get; }

    internal FeatureStandardizer Standardizer { get; }

    /// <summary>The normaliser at the head of <see cref="Model"/>.</summary>
    internal NormalizingTransformer Normalizer => ((IEnumerable<ITransformer>)Model).OfType<NormalizingTransformer>().First();

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

        for (var i = 0; i < features.Count; i++)
        {
            if (features[i].Length != FeatureDimension)
            {
                throw new ArgumentException($"Vector {i} has {features[i].Length} features; the head expects {FeatureDimension}.", nameof(features));
            }
        }

        // Scoring a few vectors is cheap next to featurisation, so serialising it costs little.
        lock (_mlLock)
        {
            var scored = Model.Transform(FeatureData.Load(_ml, features, labels: null, FeatureDimension));
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

    /// <summary>Saves the ML.NET model (normalisation included; the CAM weights are saved by the model bundle).</summary>
    /// <param name="stream">Where to write the ML.NET model zip.</param>
    public void SaveModel(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        lock (_mlLock)
        {
            _ml.Model.Save(Model, InputSchema, stream);
        }
    }

    internal static TrainedHead LoadModel(HeadKind kind, Stream stream, LinearHeadWeights? linear, int seed, int dimension)
    {
        var ml = new MLContext(seed);
        var model = ml.Model.Load(stream, out var schema);
        var normalizer = (model as IEnumerable<ITransformer>)?.OfType<NormalizingTransformer>().FirstOrDefault()
            ?? throw new InvalidDataException("the head model does not start with its feature normaliser.");
        return new TrainedHead(kind, ml, model, schema, FeatureStandardizer.From(normalizer, dimension), linear);
    }
}
