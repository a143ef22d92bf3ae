using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace JointDislocation.ML.Data;

/// <summary>
/// Tells an image's format from its first bytes, never from its name: a JPEG saved as <c>Unknown</c> or a PNG named
/// <c>x.jpg</c> is recognised, a text file named <c>x.png</c> is not. Reads at most <see cref="PrefixLength"/> bytes.
/// </summary>
public static class ImageFormatSniffer
{
    /// <summary>How many leading bytes the sniffer needs: the 128-byte DICOM preamble and <c>DICM</c>.</summary>
    public const int PrefixLength = 132;

    /// <summary>The reason given for a file whose content is none of the formats read.</summary>
    public const string UnrecognisedReason = "not an image (unrecognised content)";

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The format the leading bytes show.</summary>
    /// <param name="prefix">The file's first bytes (up to <see cref="PrefixLength"/>; fewer for a short file).</param>
    /// <returns>The format, or <see cref="ImageFormat.Unknown"/>.</returns>
    public static ImageFormat Sniff(ReadOnlySpan<byte> prefix)
    {
        if (prefix.Length >= 8 && prefix[..8].SequenceEqual(PngSignature))
        {
            return ImageFormat.Png;
        }

        if (prefix.Length >= 3 && prefix[0] == 0xFF && prefix[1] == 0xD8 && prefix[2] == 0xFF)
        {
            return ImageFormat.Jpeg;
        }

        if (prefix.Length >= 6 && (prefix[..6].SequenceEqual("GIF87a"u8) || prefix[..6].SequenceEqual("GIF89a"u8)))
        {
            return ImageFormat.Gif;
        }

        if (prefix.Length >= 12 && prefix[..4].SequenceEqual("RIFF"u8) && prefix[8..12].SequenceEqual("WEBP"u8))
        {
            return ImageFormat.WebP;
        }

        if (prefix.Length >= 18 && prefix[0] == (byte)'B' && prefix[1] == (byte)'M'
            && BinaryPrimitives.ReadUInt32LittleEndian(prefix[14..18]) is 12 or 16 or 40 or 52 or 56 or 64 or 108 or 124)
        {
            return ImageFormat.Bmp;
        }

        if (prefix.Length >= PrefixLength && prefix[128..132].SequenceEqual("DICM"u8))
        {
            return ImageFormat.Dicom;
        }

        return LooksLikeDicomWithoutPreamble(prefix) ? ImageFormat.Dicom : ImageFormat.Unknown;
    }

    /// <summary>The format of a file's content, reading only its first <see cref="PrefixLength"/> bytes.</summary>
    /// <param name="path">The file.</param>
    /// <param name="format">The format (<see cref="ImageFormat.Unknown"/> for content that is none of them).</param>
    /// <param name="reason">Why the file could not be read, when it could not.</param>
    /// <returns><see langword="true"/> when the file was read (its format may still be unknown).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    public static bool TrySniff(string path, out ImageFormat format, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(path);
        format = ImageFormat.Unknown;
        if (!RadiographDecoder.CheckBeforeOpening(path, out reason))
        {
            return false;
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
            Span<byte> prefix = stackalloc byte[PrefixLength];
            var count = stream.ReadAtLeast(prefix, PrefixLength, throwOnEndOfStream: false);
            format = Sniff(prefix[..count]);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            reason = exception is UnauthorizedAccessException ? "access denied" : "cannot be read: " + exception.Message;
            return false;
        }
    }

    /// <summary>
    /// A DICOM file without its preamble (some old writers and network dumps) starts with an element of the file meta
    /// group 0x0002 or the identifying group 0x0008, little endian, with a small element number and either an explicit
    /// VR of two capital letters or an implicit 32-bit length that fits the file.
    /// </summary>
    internal static bool LooksLikeDicomWithoutPreamble(ReadOnlySpan<byte> prefix)
    {
        if (prefix.Length < 8)
        {
            return false;
        }

        var group = BinaryPrimitives.ReadUInt16LittleEndian(prefix);
        var element = BinaryPrimitives.ReadUInt16LittleEndian(prefix[2..]);
        if (group is not (0x0002 or 0x0008) || element > 0x0100)
        {
            return false;
        }

        if (char.IsAsciiLetterUpper((char)prefix[4]) && char.IsAsciiLetterUpper((char)prefix[5]))
        {
            return true;
        }

        // Implicit VR: a 32-bit length, even and modest for a header element.
        var length = BinaryPrimitives.ReadUInt32LittleEndian(prefix[4..]);
        return length % 2 == 0 && length <= 1024;
    }
}
