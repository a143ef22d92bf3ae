namespace JointDislocation.ML.Data;

/// <summary>The format of an image file as its content shows it (<see cref="ImageFormatSniffer"/>), whatever its name.</summary>
public enum ImageFormat
{
    /// <summary>None of the formats below: not an image this library reads.</summary>
    Unknown,

    /// <summary>PNG (signature <c>89 50 4E 47 0D 0A 1A 0A</c>).</summary>
    Png,

    /// <summary>JPEG (starts with <c>FF D8 FF</c>).</summary>
    Jpeg,

    /// <summary>GIF (<c>GIF87a</c> or <c>GIF89a</c>).</summary>
    Gif,

    /// <summary>BMP (<c>BM</c> followed by a plausible header size).</summary>
    Bmp,

    /// <summary>WebP (<c>RIFF</c> … <c>WEBP</c>).</summary>
    WebP,

    /// <summary>DICOM: <c>DICM</c> at byte 128, or no preamble and a plausible group 0x0002 or 0x0008 element first.</summary>
    Dicom,
}
