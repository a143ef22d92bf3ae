namespace JointDislocation.ML.FineTuning.Training;

/// <summary>Reported after each SGD step of <see cref="BackboneFineTuner"/>.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Step">The step within all epochs, from 1.</param>
/// <param name="TotalSteps">Steps in the whole run.</param>
/// <param name="Loss">The step's cross-entropy loss.</param>
public sealed record FineTuningProgress(int Epoch, int Step, int TotalSteps, double Loss);
