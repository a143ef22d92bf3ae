namespace JointDislocation.ML.Augmentation;

/// <summary>How augmentation is used in training.</summary>
public enum AugmentationModeKind
{
    /// <summary>Each training image is featurised once, as it is.</summary>
    None,

    /// <summary>K augmented copies per image are materialised once, beside the original.</summary>
    Static,

    /// <summary>Fresh draws in each of E epochs; the head continues from the previous epoch's parameters.</summary>
    Online,
}
