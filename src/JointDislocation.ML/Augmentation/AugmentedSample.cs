using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Augmentation;

/// <summary>
/// What travels through an augmentation: the image together with its boxes, so that the region of interest and any
/// burned-in artefact boxes follow every geometric operation (MONAI's "the mask shares the image's draw").
/// </summary>
public sealed class AugmentedSample
{
    /// <summary>Creates a sample.</summary>
    /// <param name="image">The image.</param>
    /// <param name="roi">The joint's region of interest, if known.</param>
    /// <param name="artifacts">Burned-in artefact boxes (text, markers), if any.</param>
    /// <exception cref="ArgumentNullException"><paramref name="image"/> is <see langword="null"/>.</exception>
    public AugmentedSample(GrayImage image, PixelBox? roi = null, IReadOnlyList<PixelBox>? artifacts = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        Image = image;
        Roi = roi;
        Artifacts = artifacts is null ? [] : [.. artifacts];
    }

    /// <summary>The image.</summary>
    public GrayImage Image { get; }

    /// <summary>
    /// The region of interest in this image's pixels, or <see langword="null"/> when the source had none. After a
    /// rotation it is the axis-aligned bounding box of the rotated box, clipped to the image; it can become empty
    /// (zero area) when a crop or translation moves it out of the picture.
    /// </summary>
    public PixelBox? Roi { get; }

    /// <summary>Artefact boxes in this image's pixels; boxes moved wholly outside the picture are dropped.</summary>
    public IReadOnlyList<PixelBox> Artifacts { get; }
}
