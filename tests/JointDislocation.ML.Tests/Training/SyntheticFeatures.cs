namespace JointDislocation.ML.Tests.Training;

/// <summary>Two overlapping Gaussian clouds in feature space, non-negative like pooled ReLU features.</summary>
internal static class SyntheticFeatures
{
    public static (List<float[]> Features, List<bool> Labels) Make(int count, int dimension, int seed, double separation = 1.5)
    {
        var random = new Random(seed);
        var features = new List<float[]>(count);
        var labels = new List<bool>(count);
        for (var i = 0; i < count; i++)
        {
            var positive = i % 2 == 0;
            var row = new float[dimension];
            for (var c = 0; c < dimension; c++)
            {
                var shift = positive && c < 8 ? separation : 0;
                row[c] = (float)Math.Max(0, 1 + shift + Gaussian(random));
            }

            features.Add(row);
            labels.Add(positive);
        }

        return (features, labels);
    }

    public static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Fraction of (positive, negative) pairs ordered correctly: the AUROC, computed naively as a check.</summary>
    public static double PairwiseConcordance(IReadOnlyList<bool> labels, IReadOnlyList<float> scores)
    {
        double concordant = 0;
        long pairs = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            if (!labels[i])
            {
                continue;
            }

            for (var j = 0; j < labels.Count; j++)
            {
                if (labels[j])
                {
                    continue;
                }

                pairs++;
                concordant += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
            }
        }

        return concordant / pairs;
    }
}
