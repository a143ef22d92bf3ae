using System.Globalization;

namespace JointDislocation.ML.Data;

/// <summary>
/// Limits that stop hostile or broken files before they cost memory: the file size is checked before it is read,
/// and the pixel count and sides that the header declares are checked before any pixel buffer is allocated
/// (a 50-byte PNG can declare 100000 × 100000 pixels).
/// </summary>
public sealed record ImageDecodingOptions
{
    /// <summary>The default maximum file size: 64 MiB.</summary>
    public const long DefaultMaxFileBytes = 64L * 1024 * 1024;

    /// <summary>The default maximum declared pixel count: 50 megapixels.</summary>
    public const long DefaultMaxPixels = 50_000_000;

    /// <summary>The default maximum declared width or height: 20000 pixels.</summary>
    public const int DefaultMaxSide = 20_000;

    /// <summary>
    /// The default <see cref="JpegMinDecodedSide"/>: 224, the input side of the built-in ResNet18, so a JPEG is
    /// reduced only when its shorter side is at least 448 and stays at least 224 after the reduction.
    /// </summary>
    public const int DefaultJpegMinDecodedSide = 224;

    /// <summary>The defaults.</summary>
    public static ImageDecodingOptions Default { get; } = new();

    /// <summary>
    /// The defaults with every image decoded at full size (<see cref="JpegMinDecodedSide"/> null): the pixels every
    /// other decoder gives, as the ML.NET parity checks need.
    /// </summary>
    public static ImageDecodingOptions Exact { get; } = new() { JpegMinDecodedSide = null };

    /// <summary>The largest file, in bytes, that is read at all.</summary>
    /// <value><see cref="DefaultMaxFileBytes"/> (64 MiB).</value>
    public long MaxFileBytes { get; init; } = DefaultMaxFileBytes;

    /// <summary>The largest width × height that a header may declare.</summary>
    /// <value><see cref="DefaultMaxPixels"/> (50 000 000).</value>
    public long MaxPixels { get; init; } = DefaultMaxPixels;

    /// <summary>The largest width or height that a header may declare.</summary>
    /// <value><see cref="DefaultMaxSide"/> (20 000).</value>
    public int MaxSide { get; init; } = DefaultMaxSide;

    /// <summary>
    /// The folder holding DCMTK's tools (<c>dcm2pnm</c>, <c>dcmj2pnm</c>, <c>dcml2pnm</c>) that decode DICOM files;
    /// <see langword="null"/> for the folder named by the <c>JDML_DCMTK</c> environment variable, else <c>PATH</c>.
    /// </summary>
    /// <value><see langword="null"/>.</value>
    public string? DcmtkFolder { get; init; }

    /// <summary>How the grey values of a DICOM image are chosen.</summary>
    /// <value><see cref="DicomWindowChoice.FileWindow"/>.</value>
    public DicomWindowChoice DicomWindow { get; init; } = DicomWindowChoice.FileWindow;

    /// <summary>
    /// Reduced-scale JPEG decoding: when set, a JPEG whose shorter side is at least twice this many pixels is decoded
    /// with libjpeg's DCT scaling at the smallest scale k/8 that keeps its shorter side at least this long (a 2,000 ×
    /// 1,500 JPEG decodes to 500 × 375 at 2/8), which skips most of the decoding work and the largest buffers. The
    /// pixels differ slightly from a full decode followed by a downscale (docs/performance.md gives the measured
    /// feature difference); <see langword="null"/> decodes every image at full size. PNG, GIF, BMP and WebP have no
    /// such path and are always decoded at full size.
    /// </summary>
    /// <value><see cref="DefaultJpegMinDecodedSide"/> (224).</value>
    public int? JpegMinDecodedSide { get; init; } = DefaultJpegMinDecodedSide;

    /// <summary>
    /// A stable text naming every setting of the decoder, part of each feature cache key so that features decoded
    /// under other settings are never served. Every property added here must be written here too (a test checks).
    /// </summary>
    /// <returns>
    /// For example <c>decode-v2;maxFileBytes=67108864;maxPixels=50000000;maxSide=20000;dicomWindow=FileWindow;dcmtkFolder=;jpegMinDecodedSide=224</c>;
    /// the DCMTK folder is named because another DCMTK version may choose other grey values.
    /// </returns>
    public string CacheIdentity() =>
        string.Create(CultureInfo.InvariantCulture,
            $"decode-v2;maxFileBytes={MaxFileBytes};maxPixels={MaxPixels};maxSide={MaxSide};dicomWindow={DicomWindow};dcmtkFolder={DcmtkFolder};jpegMinDecodedSide={JpegMinDecodedSide?.ToString(CultureInfo.InvariantCulture) ?? "full"}");

    /// <summary>Checks every field and reports all problems in one error.</summary>
    /// <exception cref="ArgumentException">One or more fields are out of range; the message lists them all.</exception>
    public void Validate() => OptionsValidator.Validate("image decoding options", Collect);

    /// <summary>States every rule of these options on <paramref name="problems"/>.</summary>
    internal void Collect(OptionsValidator problems)
    {
        if (MaxFileBytes < 1)
        {
            problems.Add($"MaxFileBytes must be at least 1 (was {MaxFileBytes}).");
        }

        if (MaxPixels < 1)
        {
            problems.Add($"MaxPixels must be at least 1 (was {MaxPixels}).");
        }

        // 4 bytes per pixel are decoded at once; beyond this the buffer would not fit in one array.
        if (MaxPixels > int.MaxValue / 4)
        {
            problems.Add($"MaxPixels must be at most {int.MaxValue / 4} (was {MaxPixels}).");
        }

        if (MaxSide < 1)
        {
            problems.Add($"MaxSide must be at least 1 (was {MaxSide}).");
        }

        if (!Enum.IsDefined(DicomWindow))
        {
            problems.Add($"DicomWindow must be FileWindow or MinMax (was {(int)DicomWindow}).");
        }

        if (JpegMinDecodedSide is < 1)
        {
            problems.Add($"JpegMinDecodedSide must be at least 1, or null for full-size decoding (was {JpegMinDecodedSide}).");
        }

        if (DcmtkFolder is { Length: 0 })
        {
            problems.Add($"DcmtkFolder must not be empty (null looks in JDML_DCMTK, then PATH).");
        }
    }

    /// <summary>Why a declared size is refused, or <see langword="null"/> when it is within the limits.</summary>
    internal string? CheckDeclaredSize(long width, long height)
    {
        if (width < 1 || height < 1)
        {
            return string.Create(CultureInfo.InvariantCulture, $"declares an empty size {width}×{height}");
        }

        if (width > MaxSide || height > MaxSide)
        {
            return string.Create(CultureInfo.InvariantCulture, $"declares {width}×{height} pixels; a side above the limit of {MaxSide}");
        }

        if (width * height > MaxPixels)
        {
            return string.Create(CultureInfo.InvariantCulture, $"declares {width}×{height} = {width * height} pixels, above the limit of {MaxPixels}");
        }

        return null;
    }
}
