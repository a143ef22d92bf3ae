namespace JointDislocation.ML.Backbones;

/// <summary>How a <see cref="FeatureCache"/> lays its entries out on disk.</summary>
public enum FeatureCacheLayout
{
    /// <summary>One file per entry (<c>ab/abcd….jdfeat</c>): simple, for a local disk and up to some hundred thousand images.</summary>
    FilePerEntry,

    /// <summary>
    /// One append-only pack file and index per writing process (<c>packs/&lt;host&gt;-&lt;pid&gt;-&lt;id&gt;.pack</c>
    /// and <c>.idx</c>), for shared file systems (Lustre, NFS) and millions of images; several processes may read and
    /// write one cache at once.
    /// </summary>
    Pack,
}
