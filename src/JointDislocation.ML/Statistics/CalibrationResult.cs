namespace JointDislocation.ML.Statistics;

/// <summary>How well predicted probabilities match observed frequencies.</summary>
/// <param name="BrierScore">The mean squared difference between probability and outcome (0 is perfect).</param>
/// <param name="ExpectedCalibrationError">Σ (n_b / n)·|mean predicted − observed frequency| over the bins.</param>
/// <param name="Bins">The reliability bins, equal width on [0, 1], empty bins included.</param>
public sealed record CalibrationResult(double BrierScore, double ExpectedCalibrationError, IReadOnlyList<ReliabilityBin> Bins);
