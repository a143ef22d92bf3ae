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
        var timings = PipelineStageTimings.Current;
        var clock = timings is null ? 0 : PipelineStageTimings.Now();
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(fileBytes));
        ImageFingerprint print;
        if (image.Width >= Data.PerceptualHash.Size && image.Height >= Data.PerceptualHash.Size)
        {
            // One pass over the pixels serves both: the thumbnail's 16 × 16 cells are the hash's 32 × 32 cells merged
            // 2 × 2, the same values PerceptualHash.Compute and ImageThumbnail.Compute give (a test holds them equal).
            var (sums, counts) = BoxAverage.Cells(image, Data.PerceptualHash.Size);
            var (thumbSums, thumbCounts) = BoxAverage.Halve(sums, counts, Data.PerceptualHash.Size);
            print = new ImageFingerprint(sha256, Data.PerceptualHash.FromCells(sums, counts), ImageThumbnail.FromCells(thumbSums, thumbCounts));
        }
        else
        {
            print = new ImageFingerprint(sha256, Data.PerceptualHash.Compute(image), ImageThumbnail.Compute(image));
        }

        timings?.Add(PipelineStage.Fingerprint, ref clock);
        return print;
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
