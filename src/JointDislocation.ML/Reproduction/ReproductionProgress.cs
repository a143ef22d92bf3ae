namespace JointDislocation.ML.Reproduction;

/// <summary>Progress of <see cref="StudyReproduction.RunAsync"/>: a stage (such as <c>hip: cross-validate</c>) and
/// how far it has come.</summary>
/// <param name="Stage">The stage, prefixed with the joint where it belongs to one.</param>
/// <param name="Completed">Units done.</param>
/// <param name="Total">Units in the stage.</param>
public readonly record struct ReproductionProgress(string Stage, int Completed, int Total);
