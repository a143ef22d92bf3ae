using Microsoft.ML;
using Microsoft.ML.Data;

namespace JointDislocation.ML.Training;

/// <summary>Turns feature vectors into an ML.NET <see cref="IDataView"/> with a vector column of the right size.</summary>
internal static class FeatureData
{
    public const string LabelColumn = "Label";
    public const string FeaturesColumn = "Features";
    public const string ScoreColumn = "Score";
    public const string ProbabilityColumn = "Probability";

    public static IDataView Load(MLContext ml, IReadOnlyList<float[]> features, IReadOnlyList<bool>? labels, int dimension)
    {
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);
        var rows = new FeatureRow[features.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = new FeatureRow { Label = labels?[i] ?? false, Features = features[i] };
        }

        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    internal sealed class FeatureRow
    {
        public bool Label { get; set; }

        public float[] Features { get; set; } = [];
    }
}
