namespace JointDislocation.ML.Data;

/// <summary>The tags behind <see cref="DicomSelectionRule.Attributes"/>; the header parser keeps only these values.</summary>
internal static class DicomSelection
{
    private static readonly Dictionary<string, uint> Tags = new(StringComparer.Ordinal)
    {
        ["Modality"] = 0x00080060,
        ["BodyPartExamined"] = 0x00180015,
        ["ViewPosition"] = 0x00185101,
        ["Laterality"] = 0x00200060,
        ["ImageLaterality"] = 0x00200062,
    };

    private static readonly HashSet<uint> Selectable = [.. Tags.Values];

    public static uint TagOf(string keyword) => Tags[keyword];

    public static bool IsSelectable(uint tag) => Selectable.Contains(tag);
}
