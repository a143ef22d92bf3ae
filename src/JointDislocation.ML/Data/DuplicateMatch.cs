namespace JointDislocation.ML.Data;

/// <summary>A test image that is a copy of a training image.</summary>
/// <param name="TestPath">The test image (full path).</param>
/// <param name="TrainingPath">The training image it copies (full path).</param>
/// <param name="Kind">Byte-identical or visually near.</param>
/// <param name="Distance">Hamming distance of the perceptual hashes, 0 to 64 (0 for exact copies).</param>
public sealed record DuplicateMatch(string TestPath, string TrainingPath, DuplicateKind Kind, int Distance);
