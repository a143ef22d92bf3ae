using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace JointDislocation.ML.FineTuning.Native;

/// <summary>
/// Makes TorchSharp's native libraries loadable before the first TorchSharp call, and makes sure TorchSharp never
/// falls back to copying its natives (about 600 MB) next to <c>TorchSharp.dll</c>.
/// </summary>
/// <remarks>
/// <para>TorchSharp 0.107.0's wrapper <c>libLibTorchSharp.so</c> needs one symbol version that Debian 12 and Ubuntu 22.04
/// (GCC 12's libstdc++) lack: <c>std::ios_base_library_init()</c> at <see cref="MissingVersion"/>, a reference GCC 13
/// emits for <c>&lt;iostream&gt;</c> that no relocation uses. Only where the process's libstdc++ does not define that
/// version, the wrapper is copied to <c>$XDG_CACHE_HOME/jointdislocation-ml/torchsharp/&lt;sha256 of the original&gt;/</c>
/// (<c>~/.cache</c> when the variable is unset), the need is made weak there (<see cref="ElfVersionPatcher"/>), libgomp,
/// libc10, libtorch_cpu and libtorch are loaded from the package's native folder by absolute path, then the fixed copy.
/// The package's files are never written. Everywhere else nothing is touched.</para>
/// <para>In both cases the loader then resolves <c>LibTorchSharp</c> by name exactly as TorchSharp does; when that
/// fails it throws, because TorchSharp's own fallback copies every native file into a <c>cpu</c> folder beside
/// <c>TorchSharp.dll</c>.</para>
/// </remarks>
public static class TorchSharpNativeLoader
{
    /// <summary>The libstdc++ symbol version that TorchSharp 0.107.0's wrapper needs and GCC 12 lacks.</summary>
    public const string MissingVersion = "GLIBCXX_3.4.32";

    /// <summary>The wrapper's file name on Linux.</summary>
    public const string WrapperFileName = "libLibTorchSharp.so";

    private static readonly string[] UsualLibStdCxxPaths = ["/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6"];
    private static readonly Lock Gate = new();
    private static TorchSharpLoadReport? loaded;

    /// <summary>The folder under which fixed wrappers are kept: <c>$XDG_CACHE_HOME/jointdislocation-ml/torchsharp</c>.</summary>
    public static string CacheRoot => UserCache.Folder("torchsharp");

    /// <summary>
    /// Loads TorchSharp's natives once per process (later calls return the first report). Call it before any
    /// TorchSharp call; the fine-tuning code of this package does.
    /// </summary>
    /// <returns>What was loaded, and from where.</returns>
    /// <exception cref="InvalidOperationException">
    /// A native file is missing or does not load, or TorchSharp would not find its wrapper by name (the message says
    /// which and why).
    /// </exception>
    public static TorchSharpLoadReport EnsureLoaded()
    {
        lock (Gate)
        {
            return loaded ??= Load();
        }
    }

    /// <summary>Whether a libstdc++ file defines <see cref="MissingVersion"/>.</summary>
    /// <param name="libStdCxx">Path of a <c>libstdc++.so.6</c>.</param>
    /// <returns>True when <c>.gnu.version_d</c> lists the version.</returns>
    /// <exception cref="InvalidDataException">The file is not a readable ELF shared object.</exception>
    public static bool DefinesMissingVersion(string libStdCxx) =>
        ElfVersionPatcher.DefinedVersions(File.ReadAllBytes(libStdCxx), libStdCxx).Contains(MissingVersion);

    /// <summary>The libstdc++ this process uses (from <c>/proc/self/maps</c>; the .NET runtime links it), else the usual Debian and Fedora paths.</summary>
    /// <returns>The path, or null when none is found.</returns>
    public static string? FindProcessLibStdCxx()
    {
        const string maps = "/proc/self/maps";
        if (File.Exists(maps))
        {
            var mapped = File.ReadLines(maps)
                .Select(line => line.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? line[slash..] : null)
                .FirstOrDefault(path => path is not null && Path.GetFileName(path).StartsWith("libstdc++.so", StringComparison.Ordinal));
            if (mapped is not null && File.Exists(mapped))
            {
                return mapped;
            }
        }

        return UsualLibStdCxxPaths.FirstOrDefault(File.Exists);
    }

    private static TorchSharpLoadReport Load()
    {
        // Before anything loads libgomp (see OpenMpEnvironment for why and the measured effect).
        OpenMpEnvironment.PreferPassiveWaiting();
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            ResolveLikeTorchSharp(expected: null);
            return new TorchSharpLoadReport(false, null, null, null, null, [], null);
        }

        var libStdCxx = FindProcessLibStdCxx();
        if (libStdCxx is null || DefinesMissingVersion(libStdCxx))
        {
            ResolveLikeTorchSharp(expected: null);
            return new TorchSharpLoadReport(false, libStdCxx, null, null, null, [], null);
        }

        var wrapper = FindNative(WrapperFileName);
        var torchFolder = Path.GetDirectoryName(FindNative("libtorch_cpu.so"))!;
        var original = File.ReadAllBytes(wrapper);
        var sha = Convert.ToHexStringLower(SHA256.HashData(original));
        var patched = (byte[])original.Clone();
        var patch = ElfVersionPatcher.WeakenVersionNeed(patched, wrapper, MissingVersion);
        var fixedWrapper = Path.Combine(CacheRoot, sha, WrapperFileName);
        if (!File.Exists(fixedWrapper) || !File.ReadAllBytes(fixedWrapper).AsSpan().SequenceEqual(patched))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(fixedWrapper)!);
            AtomicFile.WriteAllBytes(fixedWrapper, patched);
        }

        var preloaded = new List<string>();
        var gomp = Directory.EnumerateFiles(torchFolder, "libgomp*.so*").Order(StringComparer.Ordinal).FirstOrDefault();
        foreach (var file in new[] { gomp, Path.Combine(torchFolder, "libc10.so"), Path.Combine(torchFolder, "libtorch_cpu.so"), Path.Combine(torchFolder, "libtorch.so") })
        {
            if (file is null)
            {
                continue;
            }

            LoadByPath(file);
            preloaded.Add(file);
        }

        var handle = LoadByPath(fixedWrapper);
        ResolveLikeTorchSharp(handle);
        return new TorchSharpLoadReport(true, libStdCxx, wrapper, sha, fixedWrapper, preloaded, patch);
    }

    private static IntPtr LoadByPath(string path)
    {
        try
        {
            return NativeLibrary.Load(path);
        }
        catch (DllNotFoundException exception)
        {
            throw new InvalidOperationException($"Could not load the native library {path}: {exception.Message}", exception);
        }
    }

    /// <summary>
    /// Resolves <c>LibTorchSharp</c> by name relative to TorchSharp's assembly, as TorchSharp's <c>LoadNativeBackend</c>
    /// and its <c>DllImport</c>s do. When that fails TorchSharp would copy its natives beside itself; this stops first.
    /// </summary>
    private static void ResolveLikeTorchSharp(IntPtr? expected)
    {
        var assembly = typeof(TorchSharp.torch).Assembly;
        if (!NativeLibrary.TryLoad("LibTorchSharp", assembly, null, out var handle))
        {
            throw new InvalidOperationException(
                $"TorchSharp's native wrapper LibTorchSharp does not load by name next to {assembly.Location}. " +
                "Stopping here, because TorchSharp would otherwise copy its natives (about 600 MB) into a 'cpu' folder beside TorchSharp.dll. " +
                "Reference the TorchSharp-cpu package (it brings libtorch-cpu), and see docs/training.md, 'Fine-tuning'.");
        }

        if (expected is { } wanted && handle != wanted)
        {
            throw new InvalidOperationException(
                "LibTorchSharp resolved by name to a different library than the fixed wrapper loaded before it; TorchSharp would not use the fix.");
        }
    }

    private static string FindNative(string fileName)
    {
        // The host's native search folders first (the package cache or runtimes/ of the application), then the folder
        // TorchSharp.dll was loaded from, which is where a plugin folder loaded on demand keeps its natives.
        var torchSharpFolder = Path.GetDirectoryName(typeof(TorchSharp.torch).Assembly.Location) ?? AppContext.BaseDirectory;
        var folders = (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native"))
            .Append(AppContext.BaseDirectory)
            .Append(Path.Combine(torchSharpFolder, "runtimes", "linux-x64", "native"))
            .Append(torchSharpFolder)
            .ToList();
        foreach (var folder in folders)
        {
            var candidate = Path.Combine(folder, fileName);
            if (File.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        throw new InvalidOperationException(
            $"{fileName} was not found in the native search folders of this application ({string.Join(", ", folders.Distinct())}). " +
            "Reference the TorchSharp-cpu package (it brings libtorch-cpu).");
    }
}
