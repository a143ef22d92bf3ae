namespace JointDislocation.ML.Saliency;

/// <summary>What an occluding patch is filled with.</summary>
public enum OcclusionBaseline
{
    /// <summary>The image's mean gray value: removes structure and local contrast alike.</summary>
    Mean,

    /// <summary>
    /// The same place in a blurred copy of the image: removes fine structure (a cortex line, a joint space) but keeps
    /// the local brightness, so the patch does not look like a foreign object to the network.
    /// </summary>
    Blur,
}
