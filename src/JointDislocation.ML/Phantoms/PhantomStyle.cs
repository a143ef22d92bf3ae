namespace JointDislocation.ML.Phantoms;

/// <summary>How a phantom is finished: the two sources of the study, whose difference is its domain shift.</summary>
public enum PhantomStyle
{
    /// <summary>
    /// A teaching-file image from the internet: cropped on the joint, contrast-stretched, JPEG-compressed, sometimes
    /// with arrows, letters or a watermark; 256–640 pixels a side.
    /// </summary>
    Internet,

    /// <summary>
    /// A hospital radiograph: full field with collimation, raw exposure, more quantum noise, an L/R marker and
    /// burned-in text; 768–1024 pixels a side.
    /// </summary>
    Hospital,
}
