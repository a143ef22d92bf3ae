using JointDislocation.ML.Statistics;

namespace JointDislocation.ML.Reporting;

/// <summary>One ROC curve to draw.</summary>
/// <param name="Label">Legend text, for example <c>internal test, AUROC 0.97 (0.93–1.00)</c>.</param>
/// <param name="FalsePositiveRates">x of each point (1 − specificity), from 0 to 1.</param>
/// <param name="TruePositiveRates">y of each point (sensitivity), as many as x.</param>
/// <param name="OperatingPoint">An optional marked point (false-positive rate, true-positive rate), such as the chosen threshold.</param>
public sealed record RocPlotSeries(
    string Label,
    IReadOnlyList<double> FalsePositiveRates,
    IReadOnlyList<double> TruePositiveRates,
    (double FalsePositiveRate, double TruePositiveRate)? OperatingPoint = null);
