using System.Globalization;

namespace JointDislocation.ML.Data;

/// <summary>
/// One rule for keeping only some DICOM files of an archive: an attribute and the values it may have, for example
/// <c>Modality=CR,DX</c>. A DICOM file is kept when every rule matches: its attribute has one of the values (case and
/// surrounding spaces ignored; for a multi-valued attribute, any of its values). A file that lacks the attribute does
/// not match. Files that are not DICOM are not tested and are kept.
/// </summary>
public sealed record DicomSelectionRule
{
    /// <summary>The attributes a rule may test, by keyword; none of them identifies a patient.</summary>
    public static IReadOnlyList<string> Attributes { get; } = ["Modality", "BodyPartExamined", "ViewPosition", "Laterality", "ImageLaterality"];

    /// <summary>Creates a rule.</summary>
    /// <param name="attribute">One of <see cref="Attributes"/> (case ignored).</param>
    /// <param name="values">The values kept; at least one.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The attribute is not one of <see cref="Attributes"/>, or no value is given.</exception>
    public DicomSelectionRule(string attribute, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        ArgumentNullException.ThrowIfNull(values);
        var keyword = Attributes.FirstOrDefault(a => string.Equals(a, attribute.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"DICOM selection: unknown attribute '{attribute}' (known: {string.Join(", ", Attributes)}).", nameof(attribute));
        var list = values.Select(v => v?.Trim() ?? "").Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException($"DICOM selection: {keyword} needs at least one value.", nameof(values));
        }

        Attribute = keyword;
        Values = list.AsReadOnly();
    }

    /// <summary>The attribute's keyword, as spelled in <see cref="Attributes"/>.</summary>
    public string Attribute { get; }

    /// <summary>The values kept.</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>Parses <c>Attribute=VALUE[,VALUE…]</c>, for example <c>BodyPartExamined=HIP,PELVIS</c>.</summary>
    /// <param name="text">The rule.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentException">The text is not of that form, or names an unknown attribute.</exception>
    public static DicomSelectionRule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new ArgumentException($"DICOM selection '{text}' is not Attribute=VALUE[,VALUE…] (for example Modality=CR,DX).", nameof(text));
        }

        return new DicomSelectionRule(text[..equals], text[(equals + 1)..].Split(','));
    }

    /// <summary>Whether a file with these attribute values is kept by this rule.</summary>
    internal bool Matches(IReadOnlyDictionary<uint, string> attributes) =>
        attributes.TryGetValue(DicomSelection.TagOf(Attribute), out var value)
        && value.Split('\\').Any(v => Values.Contains(v.Trim(), StringComparer.OrdinalIgnoreCase));

    /// <summary>The rule as written: <c>Attribute=VALUE,VALUE</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Attribute}={string.Join(',', Values)}");

    /// <inheritdoc/>
    public bool Equals(DicomSelectionRule? other) =>
        other is not null && Attribute == other.Attribute && Values.SequenceEqual(other.Values, StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(ToString());
}
