namespace JointDislocation.ML.FineTuning.Training;

/// <summary>Settings of <see cref="BackboneFineTuner"/>; validated when fine-tuning starts.</summary>
public sealed record FineTuningOptions
{
    /// <summary>The most passes over the training images (early stopping may end sooner).</summary>
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

    /// <summary>
    /// Seeds everything random: the classifier's initial weights, the validation split, the augmentation draws and
    /// the order of images in each epoch.
    /// </summary>
    /// <value>Default 0.</value>
    public int Seed { get; init; }

    /// <summary>Which part of the network trains.</summary>
    /// <value>Default <see cref="FineTuningScope.Full"/>.</value>
    public FineTuningScope Scope { get; init; } = FineTuningScope.Full;

    /// <summary>
    /// Whether training images are augmented on the fly with the study's policy at the backbone's input size
    /// (<c>AugmentationPresets.StudyOnlineFor</c>: rotation ±5°, resize to 256 and random crop 224 at 224 × 224, the
    /// same proportions at other sizes, horizontal and vertical flips, brightness ±0.25), a fresh draw per image and
    /// epoch. Validation images never are.
    /// </summary>
    /// <value>Default <see langword="true"/>: the study's preset.</value>
    public bool Augment { get; init; } = true;

    /// <summary>
    /// The share of the training images held out, stratified by label and seeded, to choose the epoch whose weights are
    /// kept (lowest validation loss) and to stop early. 0 trains on all images for <see cref="Epochs"/> epochs and
    /// keeps the last weights.
    /// </summary>
    /// <value>Default 0.2; 0, or above 0 and at most 0.5.</value>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>Epochs without a lower validation loss after which training stops (with a validation split).</summary>
    /// <value>Default 3; at least 1.</value>
    public int Patience { get; init; } = 3;

    /// <summary>
    /// With <see cref="FineTuningScope.LastBlock"/> and <see cref="Augment"/>: how many augmented copies of each
    /// training image have their frozen-block output cached; epoch <c>e</c> (from 1) uses copy <c>(e − 1) mod n</c>,
    /// and no more copies than epochs are made. The cache costs one frozen forward pass per copy and, for ResNet18, 100 KB
    /// per copy and image at 224 × 224 (512 × 7 × 7 floats), 400 KB at 448 × 448. Ignored otherwise.
    /// </summary>
    /// <value>Default 4; at least 1.</value>
    public int CachedCopies { get; init; } = 4;

    internal void Validate() => OptionsValidator.Validate("fine-tuning options", problems =>
    {
        problems.Require(Epochs >= 1, $"Epochs must be at least 1 (was {Epochs}).");
        problems.Require(LearningRate > 0 && double.IsFinite(LearningRate), $"LearningRate must be above 0 (was {LearningRate}).");
        problems.Require(Momentum >= 0 && Momentum < 1, $"Momentum must be in [0, 1) (was {Momentum}).");
        problems.Require(BatchSize >= 2, $"BatchSize must be at least 2 (was {BatchSize}).");
        problems.Require(Enum.IsDefined(Scope), $"Scope must be Full or LastBlock (was {Scope}).");
        problems.Require(ValidationFraction == 0 || (ValidationFraction > 0 && ValidationFraction <= 0.5), $"ValidationFraction must be 0 or in (0, 0.5] (was {ValidationFraction}).");
        problems.Require(Patience >= 1, $"Patience must be at least 1 (was {Patience}).");
        problems.Require(CachedCopies >= 1, $"CachedCopies must be at least 1 (was {CachedCopies}).");
    });
}
