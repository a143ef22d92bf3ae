namespace JointDislocation.ML.Training;

/// <summary>Entry points of training on <see cref="DislocationContext"/>.</summary>
public static class TrainingContextExtensions
{
    /// <summary>Starts a per-joint experiment whose random choices derive from the context's seed.</summary>
    /// <param name="context">The context.</param>
    /// <returns>A new builder.</returns>
    public static ExperimentBuilder Training(this DislocationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new ExperimentBuilder(context.Seed);
    }
}
