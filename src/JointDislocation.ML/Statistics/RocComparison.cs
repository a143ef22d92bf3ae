namespace JointDislocation.ML.Statistics;

/// <summary>
/// A DeLong test of two AUROCs: the statistic (AUROC1 − AUROC2) / SE(difference) and its two-sided p-value. Paired,
/// it is a normal Z; unpaired, pROC 1.18 refers it to Student's t with Welch–Satterthwaite degrees of freedom, and so
/// do we.
/// </summary>
/// <param name="Auroc1">The first AUROC.</param>
/// <param name="Auroc2">The second AUROC.</param>
/// <param name="Difference"><c>Auroc1 − Auroc2</c>.</param>
/// <param name="StandardError">The DeLong standard error of the difference.</param>
/// <param name="Z">The statistic: pROC's Z (paired; 0 when the difference and its SE are both 0) or D (unpaired).</param>
/// <param name="PValue">The two-sided p-value: 2·Φ(−|Z|) paired, 2·T_df(−|D|) unpaired.</param>
/// <param name="Paired">Whether the two scores were on the same cases (paired) or on independent sets.</param>
/// <param name="DegreesOfFreedom">Welch–Satterthwaite degrees of freedom of the unpaired test; +∞ for the paired (normal) test.</param>
public sealed record RocComparison(double Auroc1, double Auroc2, double Difference, double StandardError, double Z, double PValue, bool Paired, double DegreesOfFreedom);
