using JointDislocation.ML.MlNet;
using JointDislocation.ML.Tests.Training;
using JointDislocation.ML.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace JointDislocation.ML.Tests.MlNet;

/// <summary>Every head kind's threshold moves into ML.NET's prediction transformer with the library's ≥ rule, ties included.</summary>
public class HeadThresholdTests
{
    [TestCase(HeadKind.LogisticRegression)]
    [TestCase(HeadKind.SdcaLogisticRegression)]
    [TestCase(HeadKind.LinearSvm)]
    [TestCase(HeadKind.FastTree)]
    [TestCase(HeadKind.LightGbm)]
    public void PredictedLabel_is_probability_at_or_above_the_threshold(HeadKind kind)
    {
        var (features, labels) = SyntheticFeatures.Make(80, 8, seed: 11, separation: 0.8);
        var head = HeadTrainer.Train(kind, features, labels, seed: 2, new HeadTrainingOptions { TreeCount = 20, MinimumExamplesPerLeaf = 2 });
        var probabilities = head.Score(features).Select(s => (double)s.Probability).ToList();
        var distinct = probabilities.Distinct().Order().ToList();
        var tie = distinct[distinct.Count / 2];
        var ml = new MLContext(seed: 1);

        var links = HeadThreshold.Apply(ml, head.Model, tie, out var scoreThreshold);
        var data = ml.Data.LoadFromEnumerable(features.Select(f => new Row { Features = f }), Schema(8));
        var predicted = new TransformerChain<ITransformer>([.. links]).Transform(data).GetColumn<bool>("PredictedLabel").ToList();

        Assert.That(float.IsFinite(scoreThreshold), Is.True);
        Assert.That(predicted, Is.EqualTo(probabilities.Select(p => p >= tie)));
        Assert.That(predicted.Where((_, i) => probabilities[i] == tie), Is.Not.Empty.And.All.True);
    }

    private static SchemaDefinition Schema(int dimension)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);
        return schema;
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];
    }
}
