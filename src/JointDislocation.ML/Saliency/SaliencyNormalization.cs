namespace JointDislocation.ML.Saliency;

/// <summary>How a saliency map is brought to <c>[0, 1]</c> before a colormap is applied.</summary>
public enum SaliencyNormalization
{
    /// <summary>
    /// <c>(v − min) / (max − min)</c> over the covered pixels, as in the original CAM papers and the study: the
    /// weakest pixel is the bottom colour even when it is positive evidence. A flat map maps to 0.
    /// </summary>
    MinMax,

    /// <summary>
    /// <c>max(v, 0) / max</c>: only evidence for the positive class is coloured, evidence against it reads as 0, and
    /// the scale starts at a true zero. A map without positive values maps to 0.
    /// </summary>
    PositiveOverMax,
}
