namespace JointDislocation.ML.Statistics;

/// <summary>An AUROC with everything a reviewer asks of it: counts, DeLong SE and interval, an optional bootstrap
/// interval, and warnings about figures that are undefined or uninformative.</summary>
/// <param name="Count">The number of cases.</param>
/// <param name="Positives">The number of positive cases.</param>
/// <param name="Negatives">The number of negative cases.</param>
/// <param name="Auroc">The Mann–Whitney AUROC (NaN with one class).</param>
/// <param name="DeLong">The DeLong variance, standard error and interval.</param>
/// <param name="Bootstrap">The stratified percentile bootstrap interval, when asked for.</param>
/// <param name="Warnings">Plain-language warnings; empty when every figure is defined.</param>
public sealed record EvaluationReport(
    int Count,
    int Positives,
    int Negatives,
    double Auroc,
    DeLongResult DeLong,
    BootstrapResult? Bootstrap,
    IReadOnlyList<string> Warnings);
