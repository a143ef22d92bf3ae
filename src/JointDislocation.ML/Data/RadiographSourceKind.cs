namespace JointDislocation.ML.Data;

/// <summary>Where a <see cref="RadiographRecord"/> was found.</summary>
public enum RadiographSourceKind
{
    /// <summary>Made in code, not read from disk.</summary>
    InMemory,

    /// <summary>A labelled folder, <c>root/&lt;label&gt;/*</c> or <c>root/&lt;joint&gt;/&lt;label&gt;/*</c>.</summary>
    Folder,

    /// <summary>A row of a CSV manifest.</summary>
    Manifest,
}
