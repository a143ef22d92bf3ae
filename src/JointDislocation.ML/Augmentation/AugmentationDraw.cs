using System.Globalization;
using System.Text;
using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Augmentation;

/// <summary>
/// One complete draw of a policy for one image and one copy or epoch: the ordered operation draws. Immutable and
/// replayable: <see cref="Apply(AugmentedSample)"/> gives the same bytes every time, and <see cref="Id"/> is a stable
/// text identity (draws that change nothing, such as a flip not taken, are left out of it), so two draws with the
/// same <see cref="Id"/> produce the same image from the same source; the feature cache keys on it.
/// </summary>
public sealed class AugmentationDraw : IEquatable<AugmentationDraw>
{
    /// <summary>The <see cref="Id"/> of a draw that changes nothing.</summary>
    public const string IdentityId = "identity";

    private readonly OperationDraw[] _operations;

    internal AugmentationDraw(IEnumerable<OperationDraw> operations)
    {
        _operations = [.. operations];
        var effective = _operations.Where(o => !o.IsIdentity).Select(o => o.ToString()).ToArray();
        Id = effective.Length == 0 ? IdentityId : string.Join(">", effective);
        Hash = ComputeHash(Id);
    }

    /// <summary>The draw that leaves a sample as it is (the original image of a static plan).</summary>
    public static AugmentationDraw Identity { get; } = new([]);

    /// <summary>The operation draws in the order they are applied, including those that change nothing.</summary>
    public IReadOnlyList<OperationDraw> Operations => _operations;

    /// <summary>
    /// The stable identity: the effective operation draws joined by <c>&gt;</c>, for example
    /// <c>rotate(-3.5)&gt;crop(224,256,0.25,0.75)&gt;flipH(1)</c>, or <c>identity</c>.
    /// </summary>
    public string Id { get; }

    /// <summary>A 16-hex-digit FNV-1a hash of <see cref="Id"/>, the same on every platform; short enough for file names.</summary>
    public string Hash { get; }

    /// <summary>Whether the draw leaves the image unchanged.</summary>
    public bool IsIdentity => string.Equals(Id, IdentityId, StringComparison.Ordinal);

    /// <summary>Applies the draw to a sample: the image and its boxes transformed together.</summary>
    /// <param name="sample">The source sample; it is not modified.</param>
    /// <returns>A new sample with its own pixel buffer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sample"/> is <see langword="null"/>.</exception>
    public AugmentedSample Apply(AugmentedSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return DrawApplier.Apply(sample, _operations);
    }

    /// <summary>Applies the draw to an image without boxes.</summary>
    /// <param name="image">The source image; it is not modified.</param>
    /// <returns>A new image.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="image"/> is <see langword="null"/>.</exception>
    public GrayImage Apply(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return DrawApplier.Apply(new AugmentedSample(image), _operations).Image;
    }

    /// <summary>Rebuilds a draw from its <see cref="Id"/>, to replay an augmentation recorded in a log or a cache.</summary>
    /// <param name="id">An <see cref="Id"/>.</param>
    /// <returns>The draw; its <see cref="Id"/> equals <paramref name="id"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The text is not a draw identity.</exception>
    public static AugmentationDraw Parse(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (string.Equals(id, IdentityId, StringComparison.Ordinal))
        {
            return Identity;
        }

        var operations = new List<OperationDraw>();
        foreach (var part in id.Split('>'))
        {
            var open = part.IndexOf('(', StringComparison.Ordinal);
            if (open <= 0 || !part.EndsWith(')'))
            {
                throw new FormatException($"'{id}' is not an augmentation draw: '{part}' should look like name(value,...).");
            }

            var name = part[..open];
            if (!DrawKinds.TryGet(name, out var kind))
            {
                throw new FormatException($"'{id}' is not an augmentation draw: unknown operation '{name}'.");
            }

            var texts = part[(open + 1)..^1].Split(',');
            var values = new double[texts.Length];
            for (var k = 0; k < texts.Length; k++)
            {
                if (!double.TryParse(texts[k], NumberStyles.Float, CultureInfo.InvariantCulture, out values[k]) || !double.IsFinite(values[k]))
                {
                    throw new FormatException($"'{id}' is not an augmentation draw: '{texts[k]}' in '{part}' is not a number.");
                }
            }

            if (values.Length != kind.ValueCount)
            {
                throw new FormatException($"'{id}' is not an augmentation draw: '{name}' takes {kind.ValueCount} values, got {values.Length}.");
            }

            if (!kind.HasValidValues(values))
            {
                throw new FormatException($"'{id}' is not an augmentation draw: '{part}' has an invalid size.");
            }

            operations.Add(new OperationDraw(name, values));
        }

        return new AugmentationDraw(operations);
    }

    /// <summary>The <see cref="Id"/>.</summary>
    /// <returns>The identity text.</returns>
    public override string ToString() => Id;

    /// <inheritdoc />
    public bool Equals(AugmentationDraw? other) => other is not null && string.Equals(Id, other.Id, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as AugmentationDraw);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Id);

    private static string ComputeHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }
}
