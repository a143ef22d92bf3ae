namespace JointDislocation.ML.Training;

/// <summary>Hyper-parameters of the heads, with defaults suited to about 100 images and 512 features.</summary>
public sealed record HeadTrainingOptions
{
    /// <summary>L2 regularisation of the linear heads (on standardised features).</summary>
    /// <value>Default 1.</value>
    public float L2Regularization { get; init; } = 1f;

    /// <summary>Trees of FastTree and boosting rounds of LightGBM.</summary>
    /// <value>Default 100.</value>
    public int TreeCount { get; init; } = 100;

    /// <summary>Leaves per tree.</summary>
    /// <value>Default 8.</value>
    public int LeafCount { get; init; } = 8;

    /// <summary>Minimum training examples in a leaf.</summary>
    /// <value>Default 5.</value>
    public int MinimumExamplesPerLeaf { get; init; } = 5;

    /// <summary>Learning rate of the tree heads.</summary>
    /// <value>Default 0.1.</value>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>
    /// L-BFGS iterations per epoch in online augmentation: each epoch continues from the previous epoch's weights for
    /// this many iterations on that epoch's fresh draws (a fully converged fit would forget earlier epochs).
    /// </summary>
    /// <value>Default 20.</value>
    public int LbfgsIterationsPerEpoch { get; init; } = 20;

    /// <summary>Checks every field; all problems are reported together.</summary>
    /// <exception cref="ArgumentException">Some field is out of range; the message lists each.</exception>
    public void Validate() => OptionsValidator.Validate("head training options", Collect);

    /// <summary>States every rule of these options on <paramref name="problems"/>.</summary>
    internal void Collect(OptionsValidator problems)
    {
        if (!(L2Regularization >= 0) || float.IsInfinity(L2Regularization))
        {
            problems.Add($"L2Regularization must be a finite number ≥ 0 (was {L2Regularization}).");
        }

        if (TreeCount < 1)
        {
            problems.Add($"TreeCount must be ≥ 1 (was {TreeCount}).");
        }

        if (LeafCount < 2)
        {
            problems.Add($"LeafCount must be ≥ 2 (was {LeafCount}).");
        }

        if (MinimumExamplesPerLeaf < 1)
        {
            problems.Add($"MinimumExamplesPerLeaf must be ≥ 1 (was {MinimumExamplesPerLeaf}).");
        }

        if (!(LearningRate > 0 && LearningRate <= 1))
        {
            problems.Add($"LearningRate must be in (0, 1] (was {LearningRate}).");
        }

        if (LbfgsIterationsPerEpoch < 1)
        {
            problems.Add($"LbfgsIterationsPerEpoch must be ≥ 1 (was {LbfgsIterationsPerEpoch}).");
        }
    }
}
