namespace JointDislocation.ML.Cli;

/// <summary>An <see cref="IProgress{T}"/> that calls an action synchronously, in order.</summary>
internal sealed class ForwardingProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
