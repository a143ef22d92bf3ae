namespace JointDislocation.ML.Evaluation;

/// <summary>A DeLong test of two AUROCs: Z = (AUROC1 − AUROC2) / SE(difference), two-sided p-value.</summary>
/// <param name="Auroc1">The first AUROC.</param>
/// <param name="Auroc2">The second AUROC.</param>
/// <param name="Difference"><c>Auroc1 − Auroc2</c>.</param>
/// <param name="StandardError">The DeLong standard error of the difference.</param>
/// <param name="Z">The normal statistic (0 when both AUROCs and their variances are identical, as in pROC).</param>
/// <param name="PValue">The two-sided p-value, 2·Φ(−|Z|).</param>
/// <param name="Paired">Whether the two scores were on the same cases (paired) or on independent sets.</param>
public sealed record RocComparison(double Auroc1, double Auroc2, double Difference, double StandardError, double Z, double PValue, bool Paired);
