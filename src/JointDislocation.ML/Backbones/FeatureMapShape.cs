namespace JointDislocation.ML.Backbones;

/// <summary>The shape of one image's feature map: channels × height × width, stored channel-major.</summary>
/// <param name="Channels">Number of channels (512 for ResNet18).</param>
/// <param name="Height">Rows of the map (7 for ResNet18 at 224×224).</param>
/// <param name="Width">Columns of the map (7 for ResNet18 at 224×224).</param>
public readonly record struct FeatureMapShape(int Channels, int Height, int Width)
{
    /// <summary>Number of values in one map: <see cref="Channels"/> × <see cref="Height"/> × <see cref="Width"/>.</summary>
    public int Length => Channels * Height * Width;

    /// <inheritdoc />
    public override string ToString() => $"{Channels}×{Height}×{Width}";
}
