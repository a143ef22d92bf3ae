using Microsoft.Extensions.Logging;

namespace JointDislocation.ML.Backbones;

/// <summary>The backbone layer's log messages.</summary>
internal static partial class BackboneLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "{Reason}")]
    public static partial void ExecutionProviderFallback(ILogger logger, string reason, Exception? exception);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Feature cache entry {Path} is damaged ({Reason}); recomputing it.")]
    public static partial void DamagedCacheEntry(ILogger logger, string path, string reason);
}
