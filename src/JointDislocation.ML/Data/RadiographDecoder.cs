using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using JointDislocation.ML.Imaging;
using SkiaSharp;

namespace JointDislocation.ML.Data;

/// <summary>
/// Decodes image files to 8-bit grayscale <see cref="GrayImage"/>s, safely: PNG (8 and 16 bit; gray, RGB, RGBA,
/// palette), JPEG (baseline, progressive, CMYK), GIF (first frame), BMP and WebP. The file size, then the size that
/// the header declares, are checked against <see cref="ImageDecodingOptions"/> before any pixel buffer exists.
/// Colour becomes gray with fixed BT.601 luma weights (77, 150, 29)/256; alpha is composited on black; 16-bit images
/// are rescaled from the range of values they contain to 0..255; EXIF orientation is applied. No colour management
/// is done, so the same file gives the same pixels everywhere. A large JPEG is decoded at a reduced scale unless
/// <see cref="ImageDecodingOptions.JpegMinDecodedSide"/> is null (<see cref="ImageDecodingOptions.Exact"/>).
/// </summary>
public static class RadiographDecoder
{
    /// <summary>
    /// The usual file extensions of the formats read (lower case, with the dot). Only a hint for file dialogs and
    /// documentation: every loader recognises images by content (<see cref="ImageFormatSniffer"/>), whatever their name.
    /// </summary>
    public static IReadOnlyList<string> ImageExtensions { get; } = [".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".dcm"];

    /// <summary>The reason given for each DICOM file when DCMTK's tools cannot be found.</summary>
    public const string DicomNeedsDcmtk = DicomDecoder.MissingDcmtk;

    /// <summary>The reason given for each JPEG 2000 DICOM file when GDCM's <c>gdcmconv</c> cannot be found.</summary>
    public const string DicomNeedsGdcm = DicomDecoder.MissingGdcm;

    /// <summary>Decodes a file, or throws naming the file and the reason.</summary>
    /// <param name="path">The image file.</param>
    /// <param name="options">Limits; <see langword="null"/> for <see cref="ImageDecodingOptions.Default"/>.</param>
    /// <returns>The grayscale image.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="InvalidInputException">The file is missing, too large, not a supported image, damaged or declares too many pixels.</exception>
    public static GrayImage Decode(string path, ImageDecodingOptions? options = null) =>
        TryDecode(path, options, out var image, out var reason)
            ? image
            : throw new InvalidInputException(System.IO.Path.GetFullPath(path), null, reason);

    /// <summary>Decodes a file without throwing for bad input.</summary>
    /// <param name="path">The image file.</param>
    /// <param name="options">Limits; <see langword="null"/> for <see cref="ImageDecodingOptions.Default"/>.</param>
    /// <param name="image">The image, when decoding succeeded.</param>
    /// <param name="reason">Why decoding failed, when it did.</param>
    /// <returns><see langword="true"/> when the file was decoded.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static bool TryDecode(string path, ImageDecodingOptions? options, [NotNullWhen(true)] out GrayImage? image, [NotNullWhen(false)] out string? reason) =>
        TryReadAndDecode(path, options, out _, out image, out reason);

    /// <summary>Reads a file once and decodes it, keeping the bytes read (for <see cref="ImageFingerprint"/>).</summary>
    internal static bool TryReadAndDecode(string path, ImageDecodingOptions? options, [NotNullWhen(true)] out byte[]? bytes, [NotNullWhen(true)] out GrayImage? image, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= ImageDecodingOptions.Default;
        options.Validate();
        image = null;
        var timings = PipelineStageTimings.Current;
        var clock = timings is null ? 0 : PipelineStageTimings.Now();
        bytes = ReadBounded(path, options, out reason);
        timings?.Add(PipelineStage.Read, ref clock);
        if (bytes is null)
        {
            reason ??= "cannot be read";
            return false;
        }

        image = DecodeCore(bytes, options, out reason);
        if (Succeeded(image, ref reason))
        {
            return true;
        }

        bytes = null;
        return false;
    }

    /// <summary>Decodes an encoded image held in memory without throwing for bad input.</summary>
    /// <param name="data">The encoded bytes.</param>
    /// <param name="options">Limits; <see langword="null"/> for <see cref="ImageDecodingOptions.Default"/>.</param>
    /// <param name="image">The image, when decoding succeeded.</param>
    /// <param name="reason">Why decoding failed, when it did.</param>
    /// <returns><see langword="true"/> when the bytes were decoded.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static bool TryDecode(ReadOnlySpan<byte> data, ImageDecodingOptions? options, [NotNullWhen(true)] out GrayImage? image, [NotNullWhen(false)] out string? reason)
    {
        options ??= ImageDecodingOptions.Default;
        options.Validate();
        image = null;
        if (data.Length > options.MaxFileBytes)
        {
            reason = $"{data.Length} bytes, above the limit of {options.MaxFileBytes}";
            return false;
        }

        image = DecodeCore(data, options, out reason);
        return Succeeded(image, ref reason);
    }

    /// <summary>
    /// The skip-or-stop policy every command uses: decodes the file; on failure either records a
    /// <see cref="SkippedFile"/> and returns <see langword="null"/>, or, when <paramref name="strict"/>, throws.
    /// </summary>
    /// <param name="path">The image file.</param>
    /// <param name="options">Limits; <see langword="null"/> for <see cref="ImageDecodingOptions.Default"/>.</param>
    /// <param name="strict">Whether the first bad file stops the run.</param>
    /// <param name="skipped">Where skipped files are recorded.</param>
    /// <returns>The image, or <see langword="null"/> when it was skipped.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="skipped"/> is null.</exception>
    /// <exception cref="InvalidInputException">In strict mode, the file cannot be decoded.</exception>
    public static GrayImage? DecodeOrSkip(string path, ImageDecodingOptions? options, bool strict, ICollection<SkippedFile> skipped)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(skipped);
        if (TryDecode(path, options, out var image, out var reason))
        {
            return image;
        }

        var full = System.IO.Path.GetFullPath(path);
        if (strict)
        {
            throw new InvalidInputException(full, null, reason);
        }

        skipped.Add(new SkippedFile(full, reason));
        return null;
    }

    /// <summary>
    /// Reads only the header of a file and checks it against the limits, without decoding pixels: a cheap check that
    /// a file is an image of a supported format and an acceptable size.
    /// </summary>
    /// <param name="path">The image file.</param>
    /// <param name="options">Limits; <see langword="null"/> for <see cref="ImageDecodingOptions.Default"/>.</param>
    /// <param name="header">The header, when it was read and is within the limits.</param>
    /// <param name="reason">Why the file was refused, when it was.</param>
    /// <returns><see langword="true"/> when the header was read and is within the limits.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static bool TryReadHeader(string path, ImageDecodingOptions? options, [NotNullWhen(true)] out ImageHeader? header, [NotNullWhen(false)] out string? reason) =>
        TryReadHeader(path, options, out header, out _, out reason);

    /// <summary>As <see cref="TryReadHeader(string, ImageDecodingOptions?, out ImageHeader?, out string?)"/>, also giving a DICOM file's parsed header.</summary>
    internal static bool TryReadHeader(string path, ImageDecodingOptions? options, [NotNullWhen(true)] out ImageHeader? header, out DicomHeader? dicom, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(path);
        dicom = null;
        options ??= ImageDecodingOptions.Default;
        options.Validate();
        header = null;
        try
        {
            if (!CheckBeforeOpening(path, out reason))
            {
                return false;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan);
            if (stream.Length == 0)
            {
                reason = "empty file";
                return false;
            }

            if (stream.Length > options.MaxFileBytes)
            {
                reason = $"{stream.Length} bytes, above the limit of {options.MaxFileBytes}";
                return false;
            }

            Span<byte> start = stackalloc byte[ImageFormatSniffer.PrefixLength];
            var count = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
            if (PngFile.TryReadHeader(start[..count], out var png))
            {
                reason = options.CheckDeclaredSize(png.Width, png.Height);
                if (reason is not null)
                {
                    return false;
                }

                header = new ImageHeader((int)png.Width, (int)png.Height, "png", png.BitDepth == 16 ? 16 : 8);
                return true;
            }

            if (count >= 1 && stream.Length >= 132)
            {
                stream.Position = 0;
                var dicomStart = new byte[Math.Min(stream.Length, 1L << 20)];
                stream.ReadExactly(dicomStart);
                if (DicomHeader.IsDicom(start[..count]))
                {
                    return TryReadDicomHeader(dicomStart, stream.Length, options, out header, out dicom, out reason);
                }
            }

            stream.Position = 0;
            using var managed = new SKManagedStream(stream, disposeManagedStream: false);
            using var codec = SKCodec.Create(managed);
            if (!CheckCodec(codec, options, ImageFormatSniffer.Sniff(start[..count]), out reason))
            {
                return false;
            }

            header = new ImageHeader(codec.Info.Width, codec.Info.Height, FormatName(codec.EncodedFormat), 8);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            reason = Describe(exception);
            return false;
        }
    }

    private static bool TryReadDicomHeader(byte[] start, long length, ImageDecodingOptions options, [NotNullWhen(true)] out ImageHeader? header, out DicomHeader? dicom, [NotNullWhen(false)] out string? reason)
    {
        header = null;
        dicom = DicomHeader.TryParse(start, options.MaxFileBytes * 4, out reason, length);
        if (dicom is null)
        {
            reason = start.Length < length && reason is not null && reason.Contains("remain", StringComparison.Ordinal)
                ? "DICOM header longer than 1 MiB"
                : reason ?? "damaged DICOM";
            return false;
        }

        reason = DicomDecoder.Check(dicom, options);
        if (reason is not null)
        {
            dicom = null;
            return false;
        }

        header = new ImageHeader(dicom.Columns, dicom.Rows, "dicom", dicom.BitsStored > 8 ? 16 : 8) { Frames = dicom.Frames };
        return true;
    }

    private static bool Succeeded([NotNullWhen(true)] GrayImage? image, [NotNullWhen(false)] ref string? reason)
    {
        if (image is not null)
        {
            return true;
        }

        reason ??= "cannot be decoded";
        return false;
    }

    private static byte[]? ReadBounded(string path, ImageDecodingOptions options, out string? reason)
    {
        reason = null;
        try
        {
            if (!CheckBeforeOpening(path, out reason))
            {
                return null;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            var length = stream.Length;
            if (length == 0)
            {
                reason = "empty file";
                return null;
            }

            if (length > options.MaxFileBytes)
            {
                reason = $"{length} bytes, above the limit of {options.MaxFileBytes}";
                return null;
            }

            var bytes = new byte[length];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (EndOfStreamException)
        {
            reason = "the file became shorter while it was read";
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            reason = Describe(exception);
            return null;
        }
    }

    /// <summary>
    /// Refuses, before opening, what opening would get wrong: a folder, a symbolic link that leads nowhere (broken or
    /// a loop), and anything of size 0 — an empty file, but also a FIFO or a device, which report size 0 and on which
    /// opening or reading would wait forever.
    /// </summary>
    internal static bool CheckBeforeOpening(string path, [NotNullWhen(false)] out string? reason)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null && !LeadsToAFile(info))
        {
            reason = "a symbolic link that leads nowhere (broken, or a loop)";
            return false;
        }

        if (!info.Exists)
        {
            reason = Directory.Exists(path) ? "a folder, not a file" : "file not found";
            return false;
        }

        reason = info.Length == 0 ? "empty file" : null;
        return reason is null;
    }

    private static bool LeadsToAFile(FileInfo link)
    {
        try
        {
            return link.ResolveLinkTarget(returnFinalTarget: true) is FileInfo { Exists: true };
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string Describe(Exception exception) => exception switch
    {
        FileNotFoundException or DirectoryNotFoundException => "file not found",
        UnauthorizedAccessException => "access denied",
        _ => "cannot be read: " + exception.Message,
    };

    private static GrayImage? DecodeCore(ReadOnlySpan<byte> data, ImageDecodingOptions options, out string? reason)
    {
        if (data.IsEmpty)
        {
            reason = "empty file";
            return null;
        }

        // DICOM ("DICM" at byte 128) goes to DCMTK, after our own header check.
        if (DicomHeader.IsDicom(data))
        {
            return DicomDecoder.Decode(data, options, out reason);
        }

        // PNG's IHDR is checked by hand first, so that the limits apply before any decoder sees the file.
        if (PngFile.TryReadHeader(data, out var png))
        {
            reason = options.CheckDeclaredSize(png.Width, png.Height);
            if (reason is not null)
            {
                return null;
            }

            if (png.BitDepth == 16)
            {
                var timings16 = PipelineStageTimings.Current;
                var clock16 = timings16 is null ? 0 : PipelineStageTimings.Now();
                var decoded16 = PngFile.Decode16(data, png, out reason);
                timings16?.Add(PipelineStage.Decode, ref clock16);
                return decoded16;
            }
        }

        using var skData = SKData.CreateCopy(data);
        using var codec = SKCodec.Create(skData);
        if (!CheckCodec(codec, options, ImageFormatSniffer.Sniff(data[..Math.Min(data.Length, ImageFormatSniffer.PrefixLength)]), out reason))
        {
            return null;
        }

        var timings = PipelineStageTimings.Current;
        var clock = timings is null ? 0 : PipelineStageTimings.Now();
        var (width, height) = DecodedSize(codec, options);
        GrayImage? image;
        if (codec.Info.ColorType == SKColorType.Gray8)
        {
            image = DecodeGray8(codec, width, height, out reason);
            timings?.Add(PipelineStage.Decode, ref clock);
        }
        else
        {
            image = DecodeColour(codec, width, height, timings, ref clock, out reason);
        }

        if (image is null)
        {
            return null;
        }

        var oriented = ImageOrientation.Apply(image, codec.EncodedOrigin);
        timings?.Add(PipelineStage.Orientation, ref clock);
        return oriented;
    }

    /// <summary>
    /// The size to decode at: the full size, or for a large JPEG under <see cref="ImageDecodingOptions.JpegMinDecodedSide"/>
    /// the smallest of libjpeg's k/8 scales whose shorter side is still at least that long.
    /// </summary>
    internal static (int Width, int Height) DecodedSize(SKCodec codec, ImageDecodingOptions options)
    {
        int width = codec.Info.Width, height = codec.Info.Height;
        if (options.JpegMinDecodedSide is not { } minSide || codec.EncodedFormat != SKEncodedImageFormat.Jpeg || Math.Min(width, height) < 2L * minSide)
        {
            return (width, height);
        }

        for (var eighths = 1; eighths < 8; eighths++)
        {
            var scaled = codec.GetScaledDimensions(eighths / 8f);
            if (Math.Min(scaled.Width, scaled.Height) >= minSide && scaled.Width < width)
            {
                return (scaled.Width, scaled.Height);
            }
        }

        return (width, height);
    }

    /// <summary>
    /// Gray content (a gray JPEG, a gray PNG without transparency) straight into the gray buffer: the same values as
    /// decoding to RGBA and taking the luma (equal R, G and B give back that value), without the four-times buffer.
    /// </summary>
    private static GrayImage? DecodeGray8(SKCodec codec, int width, int height, out string? reason)
    {
        var gray = new byte[(long)width * height];
        var result = GetPixels(codec, new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque), gray);
        reason = Failure(result);
        return reason is null ? new GrayImage(width, height, gray) : null;
    }

    private static GrayImage? DecodeColour(SKCodec codec, int width, int height, PipelineStageTimings? timings, ref long clock, out string? reason)
    {
        // Premultiplied RGBA is RGBA composited on black; no colour space means no colour management.
        var rgba = new byte[(long)width * height * 4];
        var result = GetPixels(codec, new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul), rgba);
        reason = Failure(result);
        if (reason is not null)
        {
            return null;
        }

        timings?.Add(PipelineStage.Decode, ref clock);
        var gray = new byte[(long)width * height];
        LumaOfRgba(rgba, gray);
        timings?.Add(PipelineStage.ColourToGray, ref clock);
        return new GrayImage(width, height, gray);
    }

    private static SKCodecResult GetPixels(SKCodec codec, SKImageInfo info, byte[] destination)
    {
        var handle = GCHandle.Alloc(destination, GCHandleType.Pinned);
        try
        {
            return codec.GetPixels(info, handle.AddrOfPinnedObject());
        }
        finally
        {
            handle.Free();
        }
    }

    private static string? Failure(SKCodecResult result) => result switch
    {
        SKCodecResult.Success => null,
        SKCodecResult.IncompleteInput => "truncated or incomplete image data",
        _ => $"cannot be decoded ({result})",
    };

    /// <summary><see cref="Luma8"/> of every RGBA pixel, reading each pixel as one little-endian word.</summary>
    internal static void LumaOfRgba(ReadOnlySpan<byte> rgba, Span<byte> gray)
    {
        var words = MemoryMarshal.Cast<byte, uint>(rgba);
        if (!BitConverter.IsLittleEndian)
        {
            for (var i = 0; i < gray.Length; i++)
            {
                gray[i] = Luma8(rgba[i * 4], rgba[(i * 4) + 1], rgba[(i * 4) + 2]);
            }

            return;
        }

        words = words[..gray.Length];
        for (var i = 0; i < words.Length; i++)
        {
            var w = words[i];
            gray[i] = (byte)(((77 * (w & 0xFF)) + (150 * ((w >> 8) & 0xFF)) + (29 * ((w >> 16) & 0xFF)) + 128) >> 8);
        }
    }

    private static bool CheckCodec([NotNullWhen(true)] SKCodec? codec, ImageDecodingOptions options, ImageFormat sniffed, [NotNullWhen(false)] out string? reason)
    {
        if (codec is null)
        {
            // Content that is no image at all gets the loaders' reason; a known signature that cannot be opened is named.
            reason = sniffed == ImageFormat.Unknown
                ? ImageFormatSniffer.UnrecognisedReason
                : $"not a supported image ({sniffed} signature, but the content cannot be opened; PNG, JPEG, GIF, BMP or WebP expected)";
            return false;
        }

        if (codec.EncodedFormat is not (SKEncodedImageFormat.Png or SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Gif
            or SKEncodedImageFormat.Bmp or SKEncodedImageFormat.Webp))
        {
            reason = $"unsupported image format {codec.EncodedFormat} (PNG, JPEG, GIF, BMP or WebP expected)";
            return false;
        }

        reason = options.CheckDeclaredSize(codec.Info.Width, codec.Info.Height);
        return reason is null;
    }

    /// <summary>BT.601 luma in 8.8 fixed point; the weights sum to 256, so gray input comes back unchanged.</summary>
    internal static byte Luma8(byte r, byte g, byte b) => (byte)(((77 * r) + (150 * g) + (29 * b) + 128) >> 8);

    private static string FormatName(SKEncodedImageFormat format) => format switch
    {
        SKEncodedImageFormat.Png => "png",
        SKEncodedImageFormat.Jpeg => "jpeg",
        SKEncodedImageFormat.Gif => "gif",
        SKEncodedImageFormat.Bmp => "bmp",
        SKEncodedImageFormat.Webp => "webp",
        _ => format.ToString().ToLowerInvariant(),
    };
}
