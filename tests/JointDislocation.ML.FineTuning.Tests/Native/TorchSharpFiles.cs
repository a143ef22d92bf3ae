using JointDislocation.ML.FineTuning.Native;

namespace JointDislocation.ML.FineTuning.Tests.Native;

/// <summary>Where TorchSharp's natives are for this test run (the package's files, as restored).</summary>
internal static class TorchSharpFiles
{
    /// <summary>The original <c>libLibTorchSharp.so</c> that the test host would load.</summary>
    internal static string Wrapper =>
        (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native"))
            .Select(folder => Path.Combine(folder, TorchSharpNativeLoader.WrapperFileName))
            .First(File.Exists);
}
