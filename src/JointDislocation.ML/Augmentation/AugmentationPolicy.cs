using System.Globalization;

namespace JointDislocation.ML.Augmentation;

/// <summary>
/// A built, immutable augmentation policy: one or more variants (chains of operations) and the seed every draw is
/// derived from. Copy or epoch <c>n</c> of an image uses variant <c>n mod</c> <see cref="Variants"/>.Count, so the
/// study's static policy (eleven fixed rotations, then two random affine copies) is a policy of thirteen variants.
/// </summary>
/// <remarks>
/// The draw for image key <c>k</c> and copy or epoch <c>n</c> depends only on (<see cref="Seed"/>, <c>k</c>, <c>n</c>):
/// seed → per-image seed (from the key) → per-draw seed (from <c>n</c>) → one generator per operation (from its
/// position and name). It never depends on which thread runs it or on which other images were drawn first.
/// </remarks>
public sealed class AugmentationPolicy
{
    private readonly AugmentationOperation[][] _variants;

    internal AugmentationPolicy(string name, int seed, AugmentationOperation[][] variants)
    {
        Name = name;
        Seed = seed;
        _variants = variants;
        Variants = [.. variants.Select(v => string.Join(" > ", v.Select(o => o.Description)))];
    }

    /// <summary>The policy's name, for example <c>study-online</c>; <c>custom</c> unless the builder named it.</summary>
    public string Name { get; }

    /// <summary>The seed all draws derive from.</summary>
    public int Seed { get; }

    /// <summary>Each variant as its builder calls, for example <c>RandomRotation(5) &gt; FlipHorizontal(0.5)</c>.</summary>
    public IReadOnlyList<string> Variants { get; }

    internal IReadOnlyList<IReadOnlyList<AugmentationOperation>> Operations => _variants;

    /// <summary>The same policy with another seed (policies are immutable).</summary>
    /// <param name="seed">The new seed.</param>
    /// <returns>A policy that differs only in its seed.</returns>
    public AugmentationPolicy WithSeed(int seed) => new(Name, seed, _variants);

    /// <summary>Draws the augmentation for one image and one copy (static mode) or epoch (online mode).</summary>
    /// <param name="imageKey">A stable key of the image, for example its manifest path; never its position in a
    /// shuffled list, or the draws would change when the list does.</param>
    /// <param name="index">The copy or epoch, from 0.</param>
    /// <returns>The draw.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="imageKey"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    public AugmentationDraw Draw(string imageKey, int index)
    {
        ArgumentNullException.ThrowIfNull(imageKey);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var imageSeed = SeedDerivation.Derive(Seed, "image/" + imageKey);
        var drawSeed = SeedDerivation.Derive(imageSeed, (long)index);
        var operations = _variants[index % _variants.Length];
        var draws = new OperationDraw[operations.Length];
        for (var j = 0; j < operations.Length; j++)
        {
            var operationSeed = SeedDerivation.Derive(drawSeed, string.Create(CultureInfo.InvariantCulture, $"{j}/{operations[j].Name}"));
            draws[j] = operations[j].Randomize(new DeterministicRandom(operationSeed));
        }

        return new AugmentationDraw(draws);
    }

    /// <summary>Draws for an image known by its position; the key is the position as decimal text.</summary>
    /// <param name="imageIndex">The image's position, from 0.</param>
    /// <param name="index">The copy or epoch, from 0.</param>
    /// <returns>The draw; equal to <c>Draw(imageIndex.ToString(), index)</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An index is negative.</exception>
    public AugmentationDraw Draw(int imageIndex, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(imageIndex);
        return Draw(imageIndex.ToString(CultureInfo.InvariantCulture), index);
    }

    /// <summary>Draws and applies in one step.</summary>
    /// <param name="sample">The source sample.</param>
    /// <param name="imageKey">The image's stable key.</param>
    /// <param name="index">The copy or epoch, from 0.</param>
    /// <returns>The augmented sample.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    public AugmentedSample Augment(AugmentedSample sample, string imageKey, int index)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return Draw(imageKey, index).Apply(sample);
    }

    /// <summary>The name and the variants, for logs and reports.</summary>
    /// <returns>For example <c>study-online: RandomRotation(5) &gt; …</c>.</returns>
    public override string ToString() => $"{Name}: {string.Join(" | ", Variants)}";
}
