using System.Globalization;

namespace JointDislocation.ML.Augmentation;

/// <summary>
/// The drawn parameters of one operation: immutable, self-contained (the operation's fixed settings are included,
/// so a draw replays without its policy) and written as text like <c>rotate(4.25)</c> or <c>crop(224,256,0.5,0.125)</c>.
/// </summary>
/// <remarks>
/// Value layouts: <c>rotate(degrees)</c>, <c>crop(size,from,u,v)</c> (offsets are ⌊u·(from−size+1)⌋),
/// <c>resize(width,height)</c>, <c>flipH(applied)</c>, <c>flipV(applied)</c> (1 or 0), <c>brightness(factor)</c>,
/// <c>contrast(factor)</c>, <c>gamma(gamma)</c>, <c>noise(sigma,seed)</c>, <c>blur(sigma)</c>, <c>zoom(scale)</c>,
/// <c>translate(dx,dy)</c> (fractions of width and height).
/// </remarks>
public sealed class OperationDraw : IEquatable<OperationDraw>
{
    private readonly double[] _values;

    internal OperationDraw(string operation, params double[] values)
    {
        Operation = operation;
        _values = values;
        Text = string.Create(
            CultureInfo.InvariantCulture,
            $"{operation}({string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))})");
    }

    /// <summary>The operation's short name, for example <c>rotate</c>.</summary>
    public string Operation { get; }

    /// <summary>The drawn and fixed values, in the layout given in the remarks.</summary>
    public IReadOnlyList<double> Values => _values;

    /// <summary>Whether this draw leaves the image unchanged (a flip not taken, a factor of exactly 1, …).</summary>
    public bool IsIdentity => DrawKinds.TryGet(Operation, out var kind) && kind.IsIdentity(_values);

    private string Text { get; }

    /// <summary>The text form, for example <c>rotate(4.25)</c>; doubles are written round-trip exact.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Text;

    /// <inheritdoc />
    public bool Equals(OperationDraw? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as OperationDraw);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);
}
