using System.Globalization;

namespace JointDislocation.ML.Data;

/// <summary>Options of the <see cref="DuplicateFinder"/>.</summary>
public sealed record DuplicateFinderOptions
{
    /// <summary>The default near-duplicate threshold: 8 of 64 bits.</summary>
    public const int DefaultMaxDistance = 8;

    /// <summary>The defaults.</summary>
    public static DuplicateFinderOptions Default { get; } = new();

    /// <summary>
    /// The largest Hamming distance between perceptual hashes that still counts as a near duplicate. Resized and
    /// re-encoded copies are usually within 4; unrelated images about 32 apart.
    /// </summary>
    /// <value><see cref="DefaultMaxDistance"/> (8); 0 to 64, 0 finds exact and pixel-identical copies only.</value>
    public int MaxDistance { get; init; } = DefaultMaxDistance;

    /// <summary>The default least thumbnail correlation that confirms a near duplicate: 0.98.</summary>
    public const double DefaultMinThumbnailCorrelation = 0.98;

    /// <summary>
    /// The least Pearson correlation between 16 × 16 thumbnails that confirms a near duplicate found by the hash.
    /// Different radiographs of one joint in one view can lie within <see cref="MaxDistance"/> bits; resized and
    /// re-encoded copies correlate above 0.99 at this size, different images that the hash confuses rarely do.
    /// </summary>
    /// <value><see cref="DefaultMinThumbnailCorrelation"/> (0.98); -1 to 1, and -1 lets the hash alone decide.</value>
    public double MinThumbnailCorrelation { get; init; } = DefaultMinThumbnailCorrelation;

    /// <summary>Whether the first unreadable image stops the search with an <see cref="InvalidInputException"/>.</summary>
    /// <value><see langword="false"/>: such files are skipped and listed in <see cref="DuplicateReport.Skipped"/>.</value>
    public bool Strict { get; init; }

    /// <summary>The limits used to read and decode images.</summary>
    /// <value><see cref="ImageDecodingOptions.Default"/>.</value>
    public ImageDecodingOptions Decoding { get; init; } = ImageDecodingOptions.Default;

    /// <summary>Checks every field and reports all problems in one error.</summary>
    /// <exception cref="ArgumentException">One or more fields are invalid; the message lists them all.</exception>
    public void Validate() => OptionsValidator.Validate("duplicate finder options", Collect);

    /// <summary>States every rule of these options on <paramref name="problems"/>.</summary>
    internal void Collect(OptionsValidator problems)
    {
        if (MaxDistance is < 0 or > 64)
        {
            problems.Add($"MaxDistance must be between 0 and 64 (was {MaxDistance}).");
        }

        if (!(MinThumbnailCorrelation >= -1 && MinThumbnailCorrelation <= 1))
        {
            problems.Add($"MinThumbnailCorrelation must be between -1 and 1 (was {MinThumbnailCorrelation}).");
        }

        if (Decoding is null)
        {
            problems.Add($"Decoding must not be null.");
        }
        else
        {
            problems.Nested("Decoding: ", Decoding.Collect);
        }
    }
}
