namespace JointDislocation.ML.FineTuning.Native;

/// <summary>What <see cref="ElfVersionPatcher.WeakenVersionNeed"/> changed.</summary>
/// <param name="Version">The version need made optional, such as <c>GLIBCXX_3.4.32</c>.</param>
/// <param name="Library">The library the version was needed from, such as <c>libstdc++.so.6</c>.</param>
/// <param name="VersionIndex">The version's index in <c>.gnu.version</c> before the change.</param>
/// <param name="WasAlreadyWeak">Whether the need was already marked weak.</param>
/// <param name="Symbols">The imported symbols that lost the version, such as <c>_ZSt21ios_base_library_initv</c>.</param>
public sealed record ElfPatchReport(string Version, string Library, ushort VersionIndex, bool WasAlreadyWeak, IReadOnlyList<string> Symbols);
