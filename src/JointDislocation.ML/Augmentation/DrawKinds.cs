using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Augmentation;

/// <summary>
/// What a draw of one operation name means, in one class per name: how many values it carries, which values are
/// valid, when it changes nothing, and how it is applied (as an affine map that <see cref="DrawApplier"/> fuses with
/// its geometric neighbours, or as a change of grey levels). The configured operations in <c>Operations.cs</c> draw
/// (<see cref="AugmentationOperation.Randomize"/>); these apply. Adding an operation: a kind here, registered in
/// <see cref="DrawKinds.All"/>, a configured operation beside the others, and its builder method.
/// </summary>
internal abstract class DrawKind(string name, int valueCount)
{
    /// <summary>The short name its draws carry, for example <c>rotate</c>.</summary>
    public string Name { get; } = name;

    /// <summary>How many values each draw carries.</summary>
    public int ValueCount { get; } = valueCount;

    /// <summary>Whether a parsed draw's values are valid (their count is checked before).</summary>
    public virtual bool HasValidValues(IReadOnlyList<double> values) => true;

    /// <summary>Whether a draw with these values leaves the image unchanged.</summary>
    public virtual bool IsIdentity(IReadOnlyList<double> values) => false;

    /// <summary>For geometric kinds: the map from the output to the input, and the output size.</summary>
    /// <returns><see langword="false"/> for kinds that change grey levels.</returns>
    public virtual bool TryGeometry(IReadOnlyList<double> values, int width, int height, out Affine map, out int newWidth, out int newHeight)
    {
        map = Affine.Identity;
        newWidth = width;
        newHeight = height;
        return false;
    }

    /// <summary>For kinds that change grey levels: the changed image.</summary>
    public virtual GrayImage ApplyIntensity(GrayImage image, IReadOnlyList<double> values) =>
        throw new InvalidOperationException($"'{Name}' is a geometric operation; it is applied as an affine map.");

    protected static bool IsSide(double v) => v >= 1 && v <= AugmentationPipelineBuilder.MaxSide && v == Math.Floor(v);
}

/// <summary>The one registry of draw kinds, by name.</summary>
internal static class DrawKinds
{
    /// <summary>Every kind, in the order of the builder's methods.</summary>
    public static IReadOnlyList<DrawKind> All { get; } =
    [
        new RotateKind(), new CropKind(), new ResizeKind(), new FlipKind("flipH", horizontal: true), new FlipKind("flipV", horizontal: false),
        new FactorKind("brightness", (image, f) => ImageKernels.MapLevels(image, p => p * f)),
        // Around the image's mean grey, like torchvision's adjust_contrast.
        new FactorKind("contrast", (image, f) =>
        {
            var mean = ImageKernels.Mean(image);
            return ImageKernels.MapLevels(image, p => mean + (f * (p - mean)));
        }),
        new FactorKind("gamma", (image, g) => ImageKernels.MapLevels(image, p => 255.0 * Math.Pow(p / 255.0, g))),
        new NoiseKind(), new BlurKind(), new ZoomKind(), new TranslateKind(),
    ];

    private static readonly Dictionary<string, DrawKind> ByName = All.ToDictionary(k => k.Name, StringComparer.Ordinal);

    /// <summary>The kind of a name, if known.</summary>
    public static bool TryGet(string name, out DrawKind kind) => ByName.TryGetValue(name, out kind!);

    /// <summary>The kind of a name.</summary>
    /// <exception cref="InvalidOperationException">The name is unknown.</exception>
    public static DrawKind Get(string name) =>
        ByName.TryGetValue(name, out var kind) ? kind : throw new InvalidOperationException($"Unknown augmentation operation '{name}'.");
}

/// <summary><c>rotate(degrees)</c> about the centre.</summary>
internal sealed class RotateKind() : DrawKind("rotate", 1)
{
    public override bool IsIdentity(IReadOnlyList<double> values) => values[0] % 360.0 == 0.0;

    public override bool TryGeometry(IReadOnlyList<double> values, int width, int height, out Affine map, out int newWidth, out int newHeight)
    {
        (newWidth, newHeight) = (width, height);
        map = Affine.Rotation(values[0], width / 2.0, height / 2.0);
        return true;
    }
}

/// <summary><c>crop(size,from,u,v)</c>: resize to from×from, then a size×size window at offsets ⌊u·(from−size+1)⌋.</summary>
internal sealed class CropKind() : DrawKind("crop", 4)
{
    public override bool HasValidValues(IReadOnlyList<double> values) =>
        IsSide(values[0]) && IsSide(values[1]) && values[0] <= values[1] && values[2] is >= 0 and < 1 && values[3] is >= 0 and < 1;

    public override bool TryGeometry(IReadOnlyList<double> values, int width, int height, out Affine map, out int newWidth, out int newHeight)
    {
        var size = (int)values[0];
        var from = (int)values[1];
        var offsetX = DrawApplier.CropOffset(values[2], size, from);
        var offsetY = DrawApplier.CropOffset(values[3], size, from);
        newWidth = size;
        newHeight = size;
        map = new Affine((double)from / width, 0, -offsetX, 0, (double)from / height, -offsetY);
        return true;
    }
}

/// <summary><c>resize(width,height)</c>.</summary>
internal sealed class ResizeKind() : DrawKind("resize", 2)
{
    public override bool HasValidValues(IReadOnlyList<double> values) => IsSide(values[0]) && IsSide(values[1]);

    public override bool TryGeometry(IReadOnlyList<double> values, int width, int height, out Affine map, out int newWidth, out int newHeight)
    {
        newWidth = (int)values[0];
        newHeight = (int)values[1];
        map = new Affine((double)newWidth / width, 0, 0, 0, (double)newHeight / height, 0);
        return true;
    }
}

/// <summary><c>flipH(applied)</c> or <c>flipV(applied)</c>, 1 or 0.</summary>
internal sealed class FlipKind(string name, bool horizontal) : DrawKind(name, 1)
{
    public override bool IsIdentity(IReadOnlyList<double> values) => values[0] == 0.0;

    public override bool TryGeometry(IReadOnlyList<double> values, int width, int height, out Affine map, out int newWidth, out int newHeight)
    {
        (newWidth, newHeight) = (width, height);
        map = horizontal ? new Affine(-1, 0, width, 0, 1, 0) : new Affine(1, 0, 0, 0, -1, height);
        return true;
    }
}

/// <summary><c>zoom(scale)</c> about the centre.</summary>
internal sealed class ZoomKind() : DrawKind("zoom", 1)
{
    public override bool IsIdentity(IReadOnlyList<double> values) => values[0] == 1.0;

    public override bool TryGeometry(IReadOnlyList<double> values, int width, int height, out Affine map, out int newWidth, out int newHeight)
    {
        (newWidth, newHeight) = (width, height);
        map = Affine.Scale(values[0], values[0], width / 2.0, height / 2.0);
        return true;
    }
}

/// <summary><c>translate(dx,dy)</c>, fractions of width and height.</summary>
internal sealed class TranslateKind() : DrawKind("translate", 2)
{
    public override bool IsIdentity(IReadOnlyList<double> values) => values[0] == 0.0 && values[1] == 0.0;

    public override bool TryGeometry(IReadOnlyList<double> values, int width, int height, out Affine map, out int newWidth, out int newHeight)
    {
        (newWidth, newHeight) = (width, height);
        map = Affine.Translation(values[0] * width, values[1] * height);
        return true;
    }
}

/// <summary>A grey-level change by one factor (<c>brightness</c>, <c>contrast</c>, <c>gamma</c>); 1 changes nothing.</summary>
internal sealed class FactorKind(string name, Func<GrayImage, double, GrayImage> apply) : DrawKind(name, 1)
{
    public override bool IsIdentity(IReadOnlyList<double> values) => values[0] == 1.0;

    public override GrayImage ApplyIntensity(GrayImage image, IReadOnlyList<double> values) => apply(image, values[0]);
}

/// <summary><c>noise(sigma,seed)</c>: Gaussian noise replayed from its seed.</summary>
internal sealed class NoiseKind() : DrawKind("noise", 2)
{
    public override GrayImage ApplyIntensity(GrayImage image, IReadOnlyList<double> values) => ImageKernels.AddNoise(image, values[0], (int)values[1]);
}

/// <summary><c>blur(sigma)</c>: a Gaussian blur.</summary>
internal sealed class BlurKind() : DrawKind("blur", 1)
{
    /// <summary>Below this σ a Gaussian blur cannot change any 8-bit pixel (edge weight × 2 × 255 &lt; 0.5).</summary>
    public const double SmallestEffectiveSigma = 0.25;

    public override bool IsIdentity(IReadOnlyList<double> values) => values[0] < SmallestEffectiveSigma;

    public override GrayImage ApplyIntensity(GrayImage image, IReadOnlyList<double> values) => ImageKernels.Blur(image, values[0]);
}
