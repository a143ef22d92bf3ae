namespace JointDislocation.ML.Augmentation;

/// <summary>One image to featurise: which source image, which copy or epoch, and the draw to apply.</summary>
/// <param name="ImageIndex">The source image's position in the planned list.</param>
/// <param name="ImageKey">The source image's key (the draw depends on it, not on the position).</param>
/// <param name="Epoch">The epoch, from 0 (always 0 outside online mode).</param>
/// <param name="Copy">The copy: 0 is the original, 1 to K the augmented copies of static mode (always 0 otherwise).</param>
/// <param name="Draw">The draw; <see cref="AugmentationDraw.Identity"/> for originals.</param>
public sealed record AugmentationPlanEntry(int ImageIndex, string ImageKey, int Epoch, int Copy, AugmentationDraw Draw);
