using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace JointDislocation.ML.Backbones;

/// <summary>
/// One ONNX Runtime session per (model, graph edit, threads, provider) per process. Two sessions with their own thread
/// pools fight over the cores (what makes stock ML.NET slow on small machines), and a session is thread-safe to run,
/// so backbones share. Sessions live until the process exits.
/// </summary>
internal static class OnnxSessionCache
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, CachedSession> Sessions = new(StringComparer.Ordinal);
    private static readonly Dictionary<(string Path, long Length, DateTime Written), string> FileHashes = [];

    static OnnxSessionCache()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DisposeAll();
    }

    /// <summary>SHA-256 of a file, remembered by path, length and write time so a model is hashed once per process.</summary>
    public static string FileSha256(string fullPath)
    {
        var info = new FileInfo(fullPath);
        var key = (fullPath, info.Length, info.LastWriteTimeUtc);
        lock (Gate)
        {
            if (FileHashes.TryGetValue(key, out var known))
            {
                return known;
            }
        }

        using var stream = File.OpenRead(fullPath);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
        lock (Gate)
        {
            FileHashes[key] = hash;
        }

        return hash;
    }

    public static CachedSession GetOrCreate(string key, Func<CachedSession> create)
    {
        // Creation holds the lock: a second caller waits for the first session instead of building another.
        lock (Gate)
        {
            if (!Sessions.TryGetValue(key, out var session))
            {
                session = create();
                Sessions.Add(key, session);
            }

            return session;
        }
    }

    /// <summary>Creates a session, trying CUDA first when asked and falling back to the CPU with a warning.</summary>
    public static CachedSession Create(byte[] model, OnnxBackboneOptions options, ILogger logger)
    {
        if (options.ExecutionProvider == BackboneExecutionProvider.Cuda)
        {
            try
            {
                using var cudaOptions = CreateOptions(options);
                cudaOptions.AppendExecutionProvider_CUDA(options.CudaDeviceId);
                return new CachedSession(new InferenceSession(model, cudaOptions), BackboneExecutionProvider.Cuda, null);
            }
            catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                var reason = $"CUDA execution provider unavailable ({e.GetType().Name}: {FirstLine(e.Message)}); running on the CPU. " +
                    "The GPU path needs the Microsoft.ML.OnnxRuntime.Gpu.Linux package instead of Microsoft.ML.OnnxRuntime, and CUDA.";
                BackboneLog.ExecutionProviderFallback(logger, reason, e);
                using var cpuOptions = CreateOptions(options);
                return new CachedSession(new InferenceSession(model, cpuOptions), BackboneExecutionProvider.Cpu, reason);
            }
        }

        using var sessionOptions = CreateOptions(options);
        return new CachedSession(new InferenceSession(model, sessionOptions), BackboneExecutionProvider.Cpu, null);
    }

    private static SessionOptions CreateOptions(OnnxBackboneOptions options)
    {
        var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.EffectiveIntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };

        // Spinning workers burn the cores that image decoding, resizing and other sessions need.
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        sessionOptions.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        return sessionOptions;
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    private static void DisposeAll()
    {
        lock (Gate)
        {
            foreach (var session in Sessions.Values)
            {
                session.Session.Dispose();
            }

            Sessions.Clear();
        }
    }

    internal sealed record CachedSession(InferenceSession Session, BackboneExecutionProvider Provider, string? FallbackReason);
}
