namespace JointDislocation.ML;

/// <summary>The stages an image goes through from file to score, as <see cref="PipelineStageTimings"/> records them.</summary>
public enum PipelineStage
{
    /// <summary>Reading the file's bytes.</summary>
    Read,

    /// <summary>Decoding the compressed pixels (JPEG, PNG, GIF, …) to a pixel buffer.</summary>
    Decode,

    /// <summary>Turning colour (or 16-bit) pixels into 8-bit gray.</summary>
    ColourToGray,

    /// <summary>Applying the EXIF orientation.</summary>
    Orientation,

    /// <summary>SHA-256, perceptual hash and thumbnail of an image (the leakage check's fingerprint).</summary>
    Fingerprint,

    /// <summary>Resizing to the backbone's input.</summary>
    Resize,

    /// <summary>Normalising the resized pixels into the input tensor.</summary>
    Tensor,

    /// <summary>The backbone's forward pass in ONNX Runtime.</summary>
    Inference,

    /// <summary>The classifier head's scoring.</summary>
    Head,
}
