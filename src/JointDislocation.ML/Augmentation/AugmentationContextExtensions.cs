namespace JointDislocation.ML.Augmentation;

/// <summary>The augmentation entry point on <see cref="DislocationContext"/>.</summary>
public static class AugmentationContextExtensions
{
    /// <summary>The seed component name augmentation derives its seed from: <c>augmentation</c>.</summary>
    public const string SeedComponent = "augmentation";

    /// <summary>Starts an augmentation policy seeded from the context, so the policy's draws follow the context's seed.</summary>
    /// <param name="context">The context.</param>
    /// <returns>A builder whose seed is <c>context.DeriveSeed("augmentation")</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is <see langword="null"/>.</exception>
    public static AugmentationPipelineBuilder Augmentation(this DislocationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new AugmentationPipelineBuilder(context.DeriveSeed(SeedComponent));
    }
}
