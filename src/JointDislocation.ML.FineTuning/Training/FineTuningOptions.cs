namespace JointDislocation.ML.FineTuning.Training;

/// <summary>Settings of <see cref="BackboneFineTuner"/>; validated when fine-tuning starts.</summary>
public sealed record FineTuningOptions
{
    /// <summary>Passes over the training images.</summary>
    /// <value>Default 1; at least 1.</value>
    public int Epochs { get; init; } = 1;

    /// <summary>SGD learning rate.</summary>
    /// <value>Default 1e-3 (the study's); above 0.</value>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>SGD momentum.</summary>
    /// <value>Default 0.9; in [0, 1).</value>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Images per SGD step.</summary>
    /// <value>Default 8; at least 2 (batch normalisation needs more than one image).</value>
    public int BatchSize { get; init; } = 8;

    /// <summary>Seeds the classifier's initial weights and the order of images in each epoch.</summary>
    /// <value>Default 0.</value>
    public int Seed { get; init; }

    internal void Validate() => OptionsValidator.Validate("fine-tuning options", problems =>
    {
        problems.Require(Epochs >= 1, $"Epochs must be at least 1 (was {Epochs}).");
        problems.Require(LearningRate > 0 && double.IsFinite(LearningRate), $"LearningRate must be above 0 (was {LearningRate}).");
        problems.Require(Momentum >= 0 && Momentum < 1, $"Momentum must be in [0, 1) (was {Momentum}).");
        problems.Require(BatchSize >= 2, $"BatchSize must be at least 2 (was {BatchSize}).");
    });
}
