namespace JointDislocation.ML.Data;

/// <summary>
/// An input file that was left out of a run, and why: it was missing, too large, not an image, truncated, or
/// declared more pixels than allowed. Commands list these in their JSON output.
/// </summary>
/// <param name="Path">The file (full path).</param>
/// <param name="Reason">Why it was skipped, in words.</param>
public sealed record SkippedFile(string Path, string Reason)
{
    /// <summary>
    /// The commonest reasons among skipped files, with counts, for an error that says why nothing was left (for
    /// example every file DICOM and DCMTK missing): <c>14 skipped: REASON (14)</c>; empty when none were skipped.
    /// </summary>
    internal static string Summarize(IReadOnlyCollection<SkippedFile> skipped)
    {
        if (skipped.Count == 0)
        {
            return string.Empty;
        }

        var reasons = skipped.GroupBy(s => s.Reason, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(3)
            .Select(g => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{g.Key} ({g.Count()})"));
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{skipped.Count} skipped: {string.Join("; ", reasons)}");
    }

    /// <summary>The file's position in its whole data listing (see <see cref="RadiographRecord.ListingIndex"/>).</summary>
    /// <value>-1 when unknown.</value>
    public int ListingIndex { get; init; } = -1;
}
