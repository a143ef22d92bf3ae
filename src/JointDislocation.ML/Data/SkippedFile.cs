namespace JointDislocation.ML.Data;

/// <summary>
/// An input file that was left out of a run, and why: it was missing, too large, not an image, truncated, or
/// declared more pixels than allowed. Commands list these in their JSON output.
/// </summary>
/// <param name="Path">The file (full path).</param>
/// <param name="Reason">Why it was skipped, in words.</param>
public sealed record SkippedFile(string Path, string Reason)
{
    /// <summary>The file's position in its whole data listing (see <see cref="RadiographRecord.ListingIndex"/>).</summary>
    /// <value>-1 when unknown.</value>
    public int ListingIndex { get; init; } = -1;
}
