namespace JointDislocation.ML.Data;

/// <summary>How a test image matches a training image.</summary>
public enum DuplicateKind
{
    /// <summary>The files are byte-identical (same SHA-256).</summary>
    Exact,

    /// <summary>The images look the same: their perceptual hashes are within the distance threshold.</summary>
    Near,
}
