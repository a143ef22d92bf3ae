using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace JointDislocation.ML.Augmentation;

/// <summary>
/// How training uses augmentation: <see cref="None"/>, <see cref="Static"/>(K) (K extra copies per training image,
/// made once; the study used 13) or <see cref="Online"/>(E) (fresh draws in each of E epochs, the head continuing
/// from the previous epoch's parameters). Written <c>none</c>, <c>static:13</c>, <c>online:10</c>, the syntax of
/// <c>jdml train --augment</c>.
/// </summary>
public sealed class AugmentationMode : IEquatable<AugmentationMode>
{
    private const string SyntaxHelp = "expected none, static:K or online:E, with K and E whole numbers of at least 1";

    private AugmentationMode(AugmentationModeKind kind, int count)
    {
        Kind = kind;
        Count = count;
    }

    /// <summary>No augmentation.</summary>
    public static AugmentationMode None { get; } = new(AugmentationModeKind.None, 0);

    /// <summary>Which mode.</summary>
    public AugmentationModeKind Kind { get; }

    /// <summary>K for <see cref="AugmentationModeKind.Static"/>, E for <see cref="AugmentationModeKind.Online"/>, 0 for none.</summary>
    public int Count { get; }

    /// <summary>Static augmentation: <paramref name="copies"/> extra copies per training image, besides the original.</summary>
    /// <param name="copies">K, at least 1.</param>
    /// <returns>The mode.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="copies"/> is below 1.</exception>
    public static AugmentationMode Static(int copies)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(copies, 1);
        return new(AugmentationModeKind.Static, copies);
    }

    /// <summary>On-the-fly augmentation: one fresh draw per image in each of <paramref name="epochs"/> epochs.</summary>
    /// <param name="epochs">E, at least 1.</param>
    /// <returns>The mode.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epochs"/> is below 1.</exception>
    public static AugmentationMode Online(int epochs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        return new(AugmentationModeKind.Online, epochs);
    }

    /// <summary>Parses <c>none</c>, <c>static:K</c> or <c>online:E</c> (case-insensitive, surrounding spaces ignored).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The mode.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The text is not a mode; the message says what was expected.</exception>
    public static AugmentationMode Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var mode, out var error) ? mode : throw new FormatException(error);
    }

    /// <summary>Parses without throwing.</summary>
    /// <param name="text">The text.</param>
    /// <param name="mode">The mode, when the text parses.</param>
    /// <returns><see langword="true"/> when the text is a mode.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out AugmentationMode? mode) => TryParse(text, out mode, out _);

    /// <summary>The text form: <c>none</c>, <c>static:K</c> or <c>online:E</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Kind switch
    {
        AugmentationModeKind.Static => string.Create(CultureInfo.InvariantCulture, $"static:{Count}"),
        AugmentationModeKind.Online => string.Create(CultureInfo.InvariantCulture, $"online:{Count}"),
        _ => "none",
    };

    /// <inheritdoc />
    public bool Equals(AugmentationMode? other) => other is not null && Kind == other.Kind && Count == other.Count;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as AugmentationMode);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Count);

    private static bool TryParse(string? text, [NotNullWhen(true)] out AugmentationMode? mode, out string error)
    {
        mode = null;
        var trimmed = text?.Trim() ?? string.Empty;
        error = $"'{text}' is not an augmentation mode: {SyntaxHelp}.";
        if (string.Equals(trimmed, "none", StringComparison.OrdinalIgnoreCase))
        {
            mode = None;
            return true;
        }

        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        var name = trimmed[..colon];
        AugmentationModeKind kind;
        if (string.Equals(name, "static", StringComparison.OrdinalIgnoreCase))
        {
            kind = AugmentationModeKind.Static;
        }
        else if (string.Equals(name, "online", StringComparison.OrdinalIgnoreCase))
        {
            kind = AugmentationModeKind.Online;
        }
        else
        {
            return false;
        }

        var number = trimmed[(colon + 1)..];
        if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
        {
            error = $"'{text}' is not an augmentation mode: the number after '{name.ToLowerInvariant()}:' must be a whole number of at least 1.";
            return false;
        }

        mode = new AugmentationMode(kind, count);
        return true;
    }
}
