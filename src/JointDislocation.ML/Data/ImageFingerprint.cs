using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Data;

/// <summary>
/// What the leakage checks know of an image, computed in one place for the duplicate finder, for training (stored in
/// the model bundle) and for evaluation: the SHA-256 of the file's bytes, the 64-bit <see cref="Data.PerceptualHash"/>
/// of the decoded image and its 16 × 16 thumbnail. <see cref="NearCopyRule"/> compares two of them.
/// </summary>
/// <param name="Sha256">SHA-256 of the file's bytes, lower-case hex.</param>
/// <param name="PerceptualHash">The decoded image's 64-bit DCT perceptual hash.</param>
/// <param name="Thumbnail">The decoded image's 16 × 16 box-averaged thumbnail (512 hex digits, row-major bytes);
/// <see langword="null"/> only for fingerprints read from model bundles written before thumbnails existed.</param>
public sealed record ImageFingerprint(string Sha256, ulong PerceptualHash, string? Thumbnail)
{
    /// <summary>The perceptual hash as 16 lower-case hex digits, as model bundles store it.</summary>
    public string PerceptualHashHex => PerceptualHash.ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>The fingerprint of a file's bytes and the image decoded from them.</summary>
    /// <param name="fileBytes">The file's bytes.</param>
    /// <param name="image">The image decoded from those bytes.</param>
    /// <returns>The fingerprint.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
    public static ImageFingerprint Compute(ReadOnlySpan<byte> fileBytes, GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new ImageFingerprint(Convert.ToHexStringLower(SHA256.HashData(fileBytes)), Data.PerceptualHash.Compute(image), ImageThumbnail.Compute(image));
    }

    /// <summary>
    /// Reads a file once, decodes it and fingerprints it, so that the exact and the perceptual hash always describe
    /// the same bytes; a file that cannot be read or decoded gives the decoder's reason.
    /// </summary>
    /// <param name="path">The image file.</param>
    /// <param name="decoding">Limits; <see langword="null"/> for <see cref="ImageDecodingOptions.Default"/>.</param>
    /// <param name="fingerprint">The fingerprint, when the file was decoded.</param>
    /// <param name="image">The decoded image, when the file was decoded.</param>
    /// <param name="reason">Why the file was refused, when it was.</param>
    /// <returns><see langword="true"/> when the file was decoded.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static bool TryRead(
        string path,
        ImageDecodingOptions? decoding,
        [NotNullWhen(true)] out ImageFingerprint? fingerprint,
        [NotNullWhen(true)] out GrayImage? image,
        [NotNullWhen(false)] out string? reason)
    {
        fingerprint = null;
        if (!RadiographDecoder.TryReadAndDecode(path, decoding, out var bytes, out image, out reason))
        {
            return false;
        }

        fingerprint = Compute(bytes, image);
        return true;
    }
}
