namespace JointDislocation.ML.Statistics;

/// <summary>One bin of a reliability diagram.</summary>
/// <param name="Lower">The bin's lower edge (inclusive).</param>
/// <param name="Upper">The bin's upper edge (exclusive, except 1 in the last bin).</param>
/// <param name="Count">The cases whose predicted probability falls in the bin.</param>
/// <param name="MeanPredicted">The mean predicted probability in the bin (NaN when empty).</param>
/// <param name="ObservedFrequency">The fraction of positives in the bin (NaN when empty).</param>
public readonly record struct ReliabilityBin(double Lower, double Upper, int Count, double MeanPredicted, double ObservedFrequency);
