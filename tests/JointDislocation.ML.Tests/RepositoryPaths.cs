using System.Reflection;

namespace JointDislocation.ML.Tests;

/// <summary>Finds the repository from the test assembly's folder, for tests that build or read repository files.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The library's source folder, <c>src/JointDislocation.ML</c>.</summary>
    public static string LibrarySource => Path.Combine(Root, "src", "JointDislocation.ML");

    private static string FindRoot()
    {
        var recorded = typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (recorded is not null && File.Exists(Path.Combine(recorded, "JointDislocation.ML.sln")))
        {
            return Path.GetFullPath(recorded);
        }

        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "JointDislocation.ML.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName
            ?? throw new InvalidOperationException("JointDislocation.ML.sln not found above the test folder.");
    }
}
