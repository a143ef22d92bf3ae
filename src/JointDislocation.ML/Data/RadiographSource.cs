namespace JointDislocation.ML.Data;

/// <summary>Where a record came from: a folder root, or a manifest and its row, so that errors can point at it.</summary>
/// <param name="Kind">Folder, manifest or in memory.</param>
/// <param name="Origin">The folder root or the manifest file (full path); empty for records made in code.</param>
/// <param name="Row">The 1-based line of the manifest on which the row starts; <see langword="null"/> for folders.</param>
public sealed record RadiographSource(RadiographSourceKind Kind, string Origin, int? Row = null)
{
    /// <summary>A source for records made in code.</summary>
    public static RadiographSource InMemory { get; } = new(RadiographSourceKind.InMemory, string.Empty);

    /// <summary>The origin and row, for messages: <c>/data/manifest.csv, row 7</c>.</summary>
    /// <returns>The source as text.</returns>
    public override string ToString() => Row is null ? Origin : $"{Origin}, row {Row}";
}
