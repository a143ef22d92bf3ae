using System.Diagnostics;

namespace JointDislocation.ML;

/// <summary>
/// An optional accumulator of time per <see cref="PipelineStage"/>: while a <see cref="Collect"/> scope is open, the
/// decoder, the fingerprint, the backbone and the head add the time they spend, from every thread the work flows to
/// (the scope follows the async and parallel work started inside it). With no scope open each stage costs one read
/// of an async-local value and nothing else. Times add up over threads, so stages that ran at the same time can sum
/// to more than the wall time.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class PipelineStageTimings
{
    private static readonly AsyncLocal<PipelineStageTimings?> Ambient = new();
    private static readonly int StageCount = Enum.GetValues<PipelineStage>().Length;

    private readonly long[] _ticks = new long[StageCount];
    private readonly long[] _items = new long[StageCount];

    /// <summary>The accumulator of the innermost open scope on this flow of work, or <see langword="null"/>.</summary>
    internal static PipelineStageTimings? Current => Ambient.Value;

    /// <summary>
    /// Opens a scope: until it is disposed, the library's stages add their time to <paramref name="timings"/>, also
    /// from tasks and parallel loops started inside the scope.
    /// </summary>
    /// <param name="timings">The accumulator.</param>
    /// <returns>The scope; dispose it to stop collecting (the previous scope, if any, is restored).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="timings"/> is null.</exception>
    public static IDisposable Collect(PipelineStageTimings timings)
    {
        ArgumentNullException.ThrowIfNull(timings);
        var previous = Ambient.Value;
        Ambient.Value = timings;
        return new Scope(previous);
    }

    /// <summary>The time spent in a stage, summed over threads.</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>The total time.</returns>
    public TimeSpan Elapsed(PipelineStage stage) => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks[(int)stage]));

    /// <summary>How many images the stage has handled.</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>The count.</returns>
    public long Items(PipelineStage stage) => Interlocked.Read(ref _items[(int)stage]);

    /// <summary>Clears every stage.</summary>
    public void Reset()
    {
        for (var i = 0; i < StageCount; i++)
        {
            Interlocked.Exchange(ref _ticks[i], 0);
            Interlocked.Exchange(ref _items[i], 0);
        }
    }

    /// <summary>A timestamp to pass to <see cref="Add"/>.</summary>
    internal static long Now() => Stopwatch.GetTimestamp();

    /// <summary>Adds the time since <paramref name="start"/> to a stage and moves <paramref name="start"/> to now.</summary>
    internal void Add(PipelineStage stage, ref long start, int items = 1)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Add(ref _ticks[(int)stage], now - start);
        Interlocked.Add(ref _items[(int)stage], items);
        start = now;
    }

    private sealed class Scope(PipelineStageTimings? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                Ambient.Value = previous;
            }
        }
    }
}
