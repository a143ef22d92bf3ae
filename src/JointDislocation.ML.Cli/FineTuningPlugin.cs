using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Cli;

/// <summary>
/// Reaches the optional package <c>JointDislocation.ML.FineTuning</c> (TorchSharp and about 600 MB of libtorch) as a
/// plugin loaded on demand, so that <c>jdml</c> itself never carries libtorch (docs/decisions.md, decision 7). Only
/// <c>train</c> with a fine-tuned head loads it.
/// </summary>
internal static class FineTuningPlugin
{
    /// <summary>The environment variable naming the plugin folder.</summary>
    public const string EnvironmentVariable = "JDML_FINETUNING";

    /// <summary>The plugin's assembly file.</summary>
    public const string AssemblyFile = "JointDislocation.ML.FineTuning.dll";

    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, IBackboneFineTuner> Loaded = new(StringComparer.Ordinal);

    /// <summary>
    /// The folders searched, in order: <paramref name="option"/> (<c>--finetuning DIR</c>), else the folder in
    /// <c>JDML_FINETUNING</c>, else a <c>finetuning</c> folder beside <c>jdml</c>, else — from a build of the
    /// repository — the package project's build output of the same configuration as <c>jdml</c>'s.
    /// </summary>
    public static IReadOnlyList<string> Candidates(string? option, Func<string, string?> variable)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return [Path.GetFullPath(option)];
        }

        if (variable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return [Path.GetFullPath(fromEnvironment)];
        }

        var candidates = new List<string> { Path.Combine(AppContext.BaseDirectory, "finetuning") };

        // A build of the repository: src/JointDislocation.ML.Cli/bin/<Configuration>/<tfm>/ beside
        // src/JointDislocation.ML.FineTuning/bin/<Configuration>/<tfm>/.
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        if (here.Parent?.Parent is { Name: "bin" } bin && bin.Parent?.Parent is { } src)
        {
            candidates.Add(Path.Combine(src.FullName, "JointDislocation.ML.FineTuning", "bin", here.Parent.Name, here.Name));
        }

        return candidates;
    }

    /// <summary>Loads the plugin from the first candidate folder that holds it, once per folder and process.</summary>
    /// <param name="option">The <c>--finetuning</c> value, or null.</param>
    /// <param name="variable">Reads environment variables.</param>
    /// <returns>The plugin's fine-tuner.</returns>
    /// <exception cref="UsageException">No candidate folder holds the plugin (exit code 2); the message says how to get it.</exception>
    public static IBackboneFineTuner Load(string? option, Func<string, string?> variable)
    {
        var candidates = Candidates(option, variable);
        var folder = candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, AssemblyFile)))
            ?? throw new UsageException(
                $"the fine-tuned heads (finetune, finetune-last) need the fine-tuning plugin {AssemblyFile} (TorchSharp, about 600 MB of libtorch), which is not in {string.Join(", ", candidates)}. " +
                $"From a build of the repository: 'dotnet build src/JointDislocation.ML.FineTuning -c Release'; then pass its output folder with --finetuning DIR or set {EnvironmentVariable} (docs/cli.md, 'Fine-tuning').");
        lock (Gate)
        {
            if (!Loaded.TryGetValue(folder, out var tuner))
            {
                tuner = Loaded[folder] = Create(Path.Combine(folder, AssemblyFile));
            }

            return tuner;
        }
    }

    private static IBackboneFineTuner Create(string assemblyPath)
    {
        var context = new PluginLoadContext(assemblyPath);
        var assembly = context.LoadFromAssemblyPath(assemblyPath);
        var type = assembly.GetExportedTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IBackboneFineTuner).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .FirstOrDefault()
            ?? throw new UsageException(
                $"{assemblyPath} has no public {nameof(IBackboneFineTuner)} with a parameterless constructor; it is not a fine-tuning plugin of this version of jdml ({DislocationContext.LibraryVersion}).");
        return (IBackboneFineTuner)Activator.CreateInstance(type)!;
    }

    /// <summary>
    /// The plugin's own load context. Every assembly <c>jdml</c> itself has (JointDislocation.ML, ML.NET, ONNX Runtime,
    /// SkiaSharp, the framework) comes from the default context, so the plugin's types are the library's types;
    /// what only the plugin has (TorchSharp) is resolved from the plugin's <c>.deps.json</c>.
    /// </summary>
    /// <remarks>
    /// Native libraries: TorchSharp asks for <c>LibTorchSharp</c> by name. The resolver would give the package's own
    /// wrapper, which on Debian 12 / Ubuntu 22.04 does not load (it needs <c>GLIBCXX_3.4.32</c>);
    /// <c>TorchSharpNativeLoader.EnsureLoaded</c> has then already loaded a fixed copy by absolute path. So a path
    /// the resolver gives is tried, and when it does not load this returns nothing and the runtime's own probing goes
    /// on to the plain name, which the system loader matches with the already-loaded fixed wrapper by its
    /// <c>SONAME</c>. Where the package's wrapper does load, it is the right one and nothing is fixed.
    /// </remarks>
    private sealed class PluginLoadContext(string assemblyPath) : AssemblyLoadContext("jdml-finetuning", isCollectible: false)
    {
        private static readonly HashSet<string> HostAssemblies = HostAssemblyNames();
        private readonly AssemblyDependencyResolver _resolver = new(assemblyPath);

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (assemblyName.Name is { } name && HostAssemblies.Contains(name))
            {
                return null;
            }

            return _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;
        }

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
        {
            if (_resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is not { } path)
            {
                return IntPtr.Zero;
            }

            return NativeLibrary.TryLoad(path, out var handle) ? handle : IntPtr.Zero;
        }

        /// <summary>The simple names of the assemblies the host resolves (its trusted platform assemblies: the framework and jdml's own dependencies).</summary>
        private static HashSet<string> HostAssemblyNames() =>
            (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(Path.GetFileNameWithoutExtension)
                .OfType<string>()
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
    }
}
