namespace JointDislocation.ML.Statistics;

/// <summary>The argument checks every entry point of Evaluation shares, so each message reads the same.</summary>
internal static class ScoreChecks
{
    public static void LabelsAndScores(IReadOnlyList<bool> labels, IReadOnlyList<double> scores, string scoresName = "scores")
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scores, scoresName);
        if (labels.Count != scores.Count)
        {
            throw new ArgumentException(
                $"There are {labels.Count} labels but {scores.Count} scores; each case needs one of each.", scoresName);
        }

        Finite(scores, scoresName);
    }

    public static void Finite(IReadOnlyList<double> scores, string scoresName)
    {
        for (var i = 0; i < scores.Count; i++)
        {
            var score = scores[i];
            if (!double.IsFinite(score))
            {
                throw new ArgumentException(
                    $"The score at index {i} (row {i + 1}) is {Describe(score)}; every score must be a finite number.", scoresName);
            }
        }
    }

    public static void Level(double level, string name = "level")
    {
        if (!(level > 0 && level < 1))
        {
            throw new ArgumentOutOfRangeException(name, level, "The confidence level must lie strictly between 0 and 1, for example 0.95.");
        }
    }

    public static string Describe(double value) =>
        double.IsNaN(value) ? "NaN" : double.IsPositiveInfinity(value) ? "+infinity" : double.IsNegativeInfinity(value) ? "-infinity" : value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
