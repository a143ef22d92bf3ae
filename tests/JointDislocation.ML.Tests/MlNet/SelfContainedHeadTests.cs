using JointDislocation.ML.Tests.Training;
using JointDislocation.ML.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace JointDislocation.ML.Tests.MlNet;

/// <summary><c>TrainedHead.Model</c> is a whole ML.NET chain over raw features: normalisation inside.</summary>
public class SelfContainedHeadTests
{
    [TestCase(HeadKind.LogisticRegression)]
    [TestCase(HeadKind.LinearSvm)]
    [TestCase(HeadKind.FastTree)]
    public void Head_model_scores_raw_features_alone_and_after_a_stock_save_and_load(HeadKind kind)
    {
        var (features, labels) = SyntheticFeatures.Make(60, 16, seed: 4);
        // Features far from zero mean and unit variance: a head that expected standardised input would score them wrongly.
        var raw = features.Select(f => f.Select(v => (v * 7f) + 40f).ToArray()).ToList();
        var head = HeadTrainer.Train(kind, raw, labels, seed: 3, new HeadTrainingOptions { TreeCount = 10 });
        var expected = head.Score(raw).Select(s => s.Probability).ToArray();

        var ml = new MLContext(seed: 9);
        var data = ml.Data.LoadFromEnumerable(raw.Select(f => new Row { Features = f }), Schema(16));
        var direct = head.Model.Transform(data).GetColumn<float>("Probability").ToArray();
        using var stream = new MemoryStream();
        ml.Model.Save(head.Model, data.Schema, stream);
        stream.Position = 0;
        var reloaded = new MLContext().Model.Load(stream, out _).Transform(data).GetColumn<float>("Probability").ToArray();

        Assert.That(direct, Is.EqualTo(expected));
        Assert.That(reloaded, Is.EqualTo(expected));
        Assert.That(((IEnumerable<ITransformer>)head.Model).First(), Is.InstanceOf<Microsoft.ML.Transforms.NormalizingTransformer>());
    }

    [Test]
    public void Folded_linear_weights_give_the_chain_score_on_raw_features()
    {
        var (features, labels) = SyntheticFeatures.Make(60, 16, seed: 5);
        var raw = features.Select(f => f.Select(v => (v * 3f) - 12f).ToArray()).ToList();
        var head = HeadTrainer.Train(HeadKind.LogisticRegression, raw, labels, seed: 3);

        var scores = head.Score(raw);
        var maxDifference = raw.Select((f, i) => Math.Abs(head.Linear!.RawScore(f) - scores[i].RawScore)).Max();

        Assert.That(maxDifference, Is.LessThan(1e-4));
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
