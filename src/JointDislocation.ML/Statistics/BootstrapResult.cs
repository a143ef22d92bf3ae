namespace JointDislocation.ML.Statistics;

/// <summary>A stratified percentile bootstrap interval of the AUROC.</summary>
/// <param name="Interval">The percentile interval (R's quantile type 7 of the replicate AUROCs).</param>
/// <param name="Replicates">The number of replicates.</param>
/// <param name="Seed">The seed the replicates derive from.</param>
/// <param name="Estimates">The replicate AUROCs in replicate order (not sorted).</param>
public sealed record BootstrapResult(ConfidenceInterval Interval, int Replicates, int Seed, IReadOnlyList<double> Estimates);
