namespace JointDislocation.ML.Statistics;

/// <summary>
/// Collects labels and scores batch by batch (for example while a model scores a test set), then evaluates them all
/// at once. Checks each score as it arrives, so a bad value is reported with its position in the whole stream.
/// Not thread-safe.
/// </summary>
public sealed class BinaryScoreAccumulator
{
    private readonly List<bool> labels = [];
    private readonly List<double> scores = [];

    /// <summary>The number of cases added.</summary>
    public int Count => labels.Count;

    /// <summary>The number of positive cases added.</summary>
    public int Positives { get; private set; }

    /// <summary>The number of negative cases added.</summary>
    public int Negatives => labels.Count - Positives;

    /// <summary>The labels added so far, in order.</summary>
    public IReadOnlyList<bool> Labels => labels;

    /// <summary>The scores added so far, in order.</summary>
    public IReadOnlyList<double> Scores => scores;

    /// <summary>Adds one case.</summary>
    /// <param name="label"><see langword="true"/> for positive.</param>
    /// <param name="score">A finite score.</param>
    /// <exception cref="ArgumentException">The score is NaN or infinite (the message names its row in the stream).</exception>
    public void Add(bool label, double score)
    {
        if (!double.IsFinite(score))
        {
            throw new ArgumentException(
                $"The score at index {Count} (row {Count + 1}) is {ScoreChecks.Describe(score)}; every score must be a finite number.", nameof(score));
        }

        labels.Add(label);
        scores.Add(score);
        Positives += label ? 1 : 0;
    }

    /// <summary>Adds a batch. Nothing is added when the batch has a bad score.</summary>
    /// <param name="batchLabels">The batch's labels.</param>
    /// <param name="batchScores">The batch's scores, one per label.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The lengths differ, or a score is NaN or infinite (the message names its row in the stream).</exception>
    public void AddRange(IReadOnlyList<bool> batchLabels, IReadOnlyList<double> batchScores)
    {
        ArgumentNullException.ThrowIfNull(batchLabels);
        ArgumentNullException.ThrowIfNull(batchScores);
        if (batchLabels.Count != batchScores.Count)
        {
            throw new ArgumentException($"The batch has {batchLabels.Count} labels but {batchScores.Count} scores.", nameof(batchScores));
        }

        for (var i = 0; i < batchScores.Count; i++)
        {
            if (!double.IsFinite(batchScores[i]))
            {
                var row = Count + i;
                throw new ArgumentException(
                    $"The score at index {row} (row {row + 1}) is {ScoreChecks.Describe(batchScores[i])}; every score must be a finite number.", nameof(batchScores));
            }
        }

        for (var i = 0; i < batchScores.Count; i++)
        {
            Add(batchLabels[i], batchScores[i]);
        }
    }

    /// <summary>Removes every case.</summary>
    public void Clear()
    {
        labels.Clear();
        scores.Clear();
        Positives = 0;
    }

    /// <summary>Evaluates everything added (see <see cref="RocStatistics.Evaluate"/>).</summary>
    /// <param name="level">The confidence level.</param>
    /// <param name="bootstrap">Bootstrap settings, or <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Stops the bootstrap.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is not strictly between 0 and 1.</exception>
    /// <exception cref="ArgumentException">A bootstrap option is invalid.</exception>
    public EvaluationReport Evaluate(double level = 0.95, BootstrapOptions? bootstrap = null, CancellationToken cancellationToken = default) =>
        RocStatistics.Evaluate(labels, scores, level, bootstrap, cancellationToken);

    /// <summary>The ROC curve of everything added.</summary>
    /// <returns>The curve.</returns>
    public RocCurve Curve() => RocCurve.Compute(labels, scores);

    /// <summary>The calibration of everything added, reading the scores as probabilities.</summary>
    /// <param name="bins">The number of equal-width bins.</param>
    /// <returns>The calibration figures.</returns>
    /// <exception cref="ArgumentException">A score is outside [0, 1].</exception>
    public CalibrationResult Calibration(int bins = 10) => Statistics.Calibration.Compute(labels, scores, bins);
}
