namespace JointDislocation.ML.Data;

/// <summary>What an image file's header says, read without decoding any pixels.</summary>
/// <param name="Width">Declared width in pixels (before any EXIF rotation).</param>
/// <param name="Height">Declared height in pixels (before any EXIF rotation).</param>
/// <param name="Format">The container: <c>png</c>, <c>jpeg</c>, <c>gif</c>, <c>bmp</c> or <c>webp</c>.</param>
/// <param name="BitsPerSample">Bits per sample: 16 for 16-bit PNGs, otherwise 8.</param>
public sealed record ImageHeader(int Width, int Height, string Format, int BitsPerSample)
{
    /// <summary>How many frames the file declares; only the first is read.</summary>
    /// <value>1, except for multi-frame DICOM files.</value>
    public int Frames { get; init; } = 1;
}
