namespace JointDislocation.ML.Training;

/// <summary>Progress of a training run: the stage, and how far it is.</summary>
/// <param name="Stage">What is running: <c>decode</c>, <c>featurize</c>, <c>cross-validate</c>, <c>refit</c>, or for a fine-tuned head <c>fine-tune HEAD fold I/K</c> and <c>fine-tune HEAD on all images</c>.</param>
/// <param name="Completed">Units done in this stage.</param>
/// <param name="Total">Units in this stage.</param>
public readonly record struct TrainingProgress(string Stage, int Completed, int Total);
