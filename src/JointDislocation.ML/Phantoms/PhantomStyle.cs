namespace JointDislocation.ML.Phantoms;

/// <summary>How a phantom is finished: the two sources of the study, whose difference is its domain shift.</summary>
public enum PhantomStyle
{
    /// <summary>
    /// A teaching-file image from the internet: cropped on the joint, contrast-stretched, JPEG-compressed (quality
    /// 50–90, sometimes twice), sometimes shrunk and enlarged again, inverted, in a two-panel figure, a screenshot or
    /// with a caption, with arrows, circles, letters or a watermark; 200–2,800 pixels a side (rendered at 256–640).
    /// </summary>
    Internet,

    /// <summary>
    /// A hospital radiograph: full field with collimation, a DICOM-like 12–16-bit image shown through a VOI window,
    /// more quantum noise and line noise, an L/R lead marker and burned-in corner text; 768–1024 pixels a side.
    /// </summary>
    Hospital,
}
