using JointDislocation.ML.Statistics;

namespace JointDislocation.ML.MlNet;

/// <summary>Settings of <c>mlContext.BinaryClassification.EvaluateWithIntervals(...)</c>; validated before any work.</summary>
public sealed record RadiographEvaluationOptions
{
    /// <summary>The boolean label column.</summary>
    /// <value>Default <c>Label</c>.</value>
    public string LabelColumnName { get; init; } = "Label";

    /// <summary>The column of scores; probabilities in [0, 1] also get calibration figures.</summary>
    /// <value>Default <c>Probability</c>.</value>
    public string ScoreColumnName { get; init; } = "Probability";

    /// <summary>The operating threshold (positive when score ≥ it), such as the model's.</summary>
    /// <value>
    /// Default <see langword="null"/>: Youden's threshold chosen on this same data, which flatters the figures at the
    /// threshold (the result says so in its warnings).
    /// </value>
    public double? Threshold { get; init; }

    /// <summary>Confidence level of every interval.</summary>
    /// <value>Default 0.95.</value>
    public double Level { get; init; } = 0.95;

    /// <summary>Stratified bootstrap of the AUROC; null for the DeLong interval only.</summary>
    /// <value>Default 2000 replicates, seed 42.</value>
    public BootstrapOptions? Bootstrap { get; init; } = new();

    /// <summary>Equal-width bins of the reliability diagram.</summary>
    /// <value>Default 10.</value>
    public int CalibrationBins { get; init; } = 10;

    /// <summary>Checks every setting; all problems are reported together.</summary>
    /// <exception cref="ArgumentException">Some setting is invalid; the message lists each.</exception>
    public void Validate() => OptionsValidator.Validate("evaluation options", Collect);

    /// <summary>States every rule of these options on <paramref name="problems"/>.</summary>
    internal void Collect(OptionsValidator problems)
    {
        if (string.IsNullOrWhiteSpace(LabelColumnName))
        {
            problems.Add($"LabelColumnName is required.");
        }

        if (string.IsNullOrWhiteSpace(ScoreColumnName))
        {
            problems.Add($"ScoreColumnName is required.");
        }

        if (Threshold is { } threshold && double.IsNaN(threshold))
        {
            problems.Add($"Threshold must be a number.");
        }

        if (!(Level > 0 && Level < 1))
        {
            problems.Add($"Level must lie in (0, 1) (was {Level}).");
        }

        if (CalibrationBins < 1)
        {
            problems.Add($"CalibrationBins must be ≥ 1 (was {CalibrationBins}).");
        }

        if (Bootstrap is not null)
        {
            problems.Nested("Bootstrap: ", Bootstrap.Collect);
        }
    }
}
