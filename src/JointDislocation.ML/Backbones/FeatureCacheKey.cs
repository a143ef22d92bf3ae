using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Backbones;

/// <summary>
/// Identifies one cached featurization by everything that changes the pixels the backbone sees: which image content,
/// which decoder settings (<see cref="Decoding"/>), which backbone (its <see cref="IImageBackbone.Fingerprint"/>, which
/// covers the model file's hash, input size, resize policy and preprocessing) and which augmentation draw.
/// </summary>
/// <param name="ImageSha256">SHA-256 (hex) of the image: of its file bytes (<see cref="HashBytes"/>) or of its pixels (<see cref="HashImage"/>).</param>
/// <param name="BackboneFingerprint">The backbone's <see cref="IImageBackbone.Fingerprint"/>.</param>
/// <param name="AugmentationDraw">Which augmented copy: <see cref="Original"/> for the image as it is, otherwise an id that the augmentation derives from its seed.</param>
public readonly record struct FeatureCacheKey(string ImageSha256, string BackboneFingerprint, string AugmentationDraw)
{
    /// <summary>The draw id of an image without augmentation.</summary>
    public const string Original = "original";

    /// <summary>The <see cref="Decoding"/> of an image given as pixels, not decoded by the library.</summary>
    public const string InMemory = "in-memory";

    /// <summary>
    /// The decoder settings the image was decoded with (<see cref="ImageDecodingOptions.CacheIdentity"/>), or
    /// <see cref="InMemory"/> for an image given as pixels.
    /// </summary>
    /// <value>Default <see cref="InMemory"/>.</value>
    public string Decoding { get; init; } = InMemory;

    /// <summary>SHA-256 (lower-case hex) of bytes, such as an image file's content.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>64 hex digits.</returns>
    public static string HashBytes(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>SHA-256 (lower-case hex) of a decoded image: its size and pixels.</summary>
    /// <param name="image">The image.</param>
    /// <returns>64 hex digits.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
    public static string HashImage(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> size = stackalloc byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(size, image.Width);
        BinaryPrimitives.WriteInt32LittleEndian(size[4..], image.Height);
        hash.AppendData(size);
        hash.AppendData(image.Pixels);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>SHA-256 of the whole key: the entry's file name and the identity stored inside it.</summary>
    internal byte[] Digest() => SHA256.HashData(Encoding.UTF8.GetBytes($"{ImageSha256}\n{BackboneFingerprint}\n{AugmentationDraw}\n{Decoding}"));

    internal void Collect(OptionsValidator problems)
    {
        if (string.IsNullOrWhiteSpace(ImageSha256))
        {
            problems.Add($"ImageSha256 is required.");
        }

        if (string.IsNullOrWhiteSpace(BackboneFingerprint))
        {
            problems.Add($"BackboneFingerprint is required.");
        }

        if (string.IsNullOrEmpty(AugmentationDraw))
        {
            problems.Add($"AugmentationDraw is required (FeatureCacheKey.Original for none).");
        }

        if (string.IsNullOrEmpty(Decoding))
        {
            problems.Add($"Decoding is required (FeatureCacheKey.InMemory for an image given as pixels).");
        }
    }
}
