using System.Globalization;

namespace JointDislocation.ML.Augmentation;

/// <summary>
/// One configured operation of a policy, MONAI-style: <see cref="Randomize"/> draws its parameters into an immutable
/// <see cref="OperationDraw"/>, and <see cref="Apply"/> applies a draw; the two never mix, so a draw can be stored,
/// compared, used as a cache key and replayed.
/// </summary>
internal abstract class AugmentationOperation
{
    protected AugmentationOperation(string name)
    {
        Kind = DrawKinds.Get(name);
        Name = Kind.Name;
    }

    /// <summary>The short name its draws carry, for example <c>rotate</c>.</summary>
    public string Name { get; }

    /// <summary>What its draws mean and how they are applied (registered once, in <see cref="DrawKinds"/>).</summary>
    public DrawKind Kind { get; }

    /// <summary>The builder call that configured it, for example <c>RandomRotation(5)</c>.</summary>
    public abstract string Description { get; }

    public abstract OperationDraw Randomize(DeterministicRandom random);

    public AugmentedSample Apply(AugmentedSample sample, OperationDraw draw)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(draw);
        if (!string.Equals(draw.Operation, Name, StringComparison.Ordinal))
        {
            throw new ArgumentException($"A '{draw.Operation}' draw cannot be applied by the '{Name}' operation.", nameof(draw));
        }

        return DrawApplier.Apply(sample, [draw]);
    }

    /// <summary>States the rules of these settings on <paramref name="problems"/>.</summary>
    public abstract void Collect(OptionsValidator problems);

    public override string ToString() => Description;

    protected static string F(double value) => value.ToString(CultureInfo.InvariantCulture);

    protected static double Uniform(DeterministicRandom random, double low, double high) => random.Uniform(low, high);
}
