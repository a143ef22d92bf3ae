namespace JointDislocation.ML.Phantoms;

/// <summary>A written phantom set.</summary>
/// <param name="ManifestPath">The full path of <c>manifest.csv</c>.</param>
/// <param name="Entries">Its rows, in file order (joint, then located before dislocated, then index).</param>
public sealed record PhantomSetResult(string ManifestPath, IReadOnlyList<PhantomManifestEntry> Entries);
