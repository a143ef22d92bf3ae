namespace JointDislocation.ML.FineTuning.Native;

/// <summary>How <see cref="TorchSharpNativeLoader.EnsureLoaded"/> made TorchSharp's natives loadable.</summary>
/// <param name="Patched">
/// Whether the wrapper was loaded from a fixed copy (the system's libstdc++ lacks
/// <see cref="TorchSharpNativeLoader.MissingVersion"/>); false means nothing was touched.
/// </param>
/// <param name="SystemLibStdCxx">The libstdc++ that was read to decide, or null when none was found or the platform is not Linux.</param>
/// <param name="OriginalWrapper">TorchSharp's own <c>libLibTorchSharp.so</c>, or null when not patched.</param>
/// <param name="OriginalWrapperSha256">SHA-256 of <paramref name="OriginalWrapper"/> (lower-case hex), or null when not patched.</param>
/// <param name="FixedWrapper">The fixed copy in the cache folder, or null when not patched.</param>
/// <param name="Preloaded">The libtorch files loaded by absolute path before the fixed wrapper, in load order.</param>
/// <param name="Patch">What the ELF patch changed, or null when not patched.</param>
public sealed record TorchSharpLoadReport(
    bool Patched,
    string? SystemLibStdCxx,
    string? OriginalWrapper,
    string? OriginalWrapperSha256,
    string? FixedWrapper,
    IReadOnlyList<string> Preloaded,
    ElfPatchReport? Patch);
