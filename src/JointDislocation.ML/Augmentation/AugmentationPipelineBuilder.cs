using System.Globalization;

namespace JointDislocation.ML.Augmentation;

/// <summary>
/// Builds an <see cref="AugmentationPolicy"/> fluently, for example
/// <c>context.Augmentation().RandomRotation(5).RandomCrop(224, from: 256).FlipHorizontal().Brightness(0.25).Build()</c>.
/// Operations run in the order they are added. Settings are checked by <see cref="Build"/>, which reports every
/// invalid setting in one exception; after <see cref="Build"/> the builder is locked.
/// </summary>
public sealed class AugmentationPipelineBuilder
{
    /// <summary>The largest width or height a resize or crop may produce.</summary>
    public const int MaxSide = 8192;

    /// <summary>The name a policy gets when <see cref="Named"/> is not called.</summary>
    public const string DefaultName = "custom";

    private readonly List<List<AugmentationOperation>> _variants = [[]];
    private string _name = DefaultName;
    private int _seed;
    private bool _locked;

    /// <summary>Creates a builder.</summary>
    /// <param name="seed">The seed every draw of the policy derives from; <see cref="DislocationContext"/>'s
    /// <c>Augmentation()</c> passes one derived from the context's seed.</param>
    public AugmentationPipelineBuilder(int seed = 0)
    {
        _seed = seed;
    }

    /// <summary>Names the policy (reports and logs show it).</summary>
    /// <param name="name">A non-empty name.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The builder is locked.</exception>
    public AugmentationPipelineBuilder Named(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ThrowIfLocked();
        _name = name;
        return this;
    }

    /// <summary>Replaces the seed.</summary>
    /// <param name="seed">The seed.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The builder is locked.</exception>
    public AugmentationPipelineBuilder WithSeed(int seed)
    {
        ThrowIfLocked();
        _seed = seed;
        return this;
    }

    /// <summary>Rotates by an angle drawn uniformly from [−<paramref name="maxDegrees"/>, +<paramref name="maxDegrees"/>]
    /// about the image centre; corners uncovered by the turn are black.</summary>
    /// <param name="maxDegrees">Greater than 0, at most 180. The study used 5.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The builder is locked.</exception>
    public AugmentationPipelineBuilder RandomRotation(double maxDegrees) => Add(new RandomRotationOperation(maxDegrees));

    /// <summary>Rotates by a fixed angle (positive is counter-clockwise as displayed), as the study's static copies.</summary>
    /// <param name="degrees">Any finite angle.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The builder is locked.</exception>
    public AugmentationPipelineBuilder FixedRotation(double degrees) => Add(new FixedRotationOperation(degrees));

    /// <summary>Resizes to <paramref name="from"/>×<paramref name="from"/>, then cuts a random
    /// <paramref name="size"/>×<paramref name="size"/> window (torchvision's <c>Resize(256)</c> + <c>RandomCrop(224)</c>).</summary>
    /// <param name="size">The output side, at least 1.</param>
    /// <param name="from">The side resized to first, at least <paramref name="size"/>, at most <see cref="MaxSide"/>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The builder is locked.</exception>
    public AugmentationPipelineBuilder RandomCrop(int size, int from) => Add(new RandomCropOperation(size, from));

    /// <summary>Resizes to a fixed size (bilinear; averaged when shrinking by more than 1.5×).</summary>
    /// <param name="width">1 to <see cref="MaxSide"/>.</param>
    /// <param name="height">1 to <see cref="MaxSide"/>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The builder is locked.</exception>
    public AugmentationPipelineBuilder Resize(int width, int height) => Add(new ResizeOperation(width, height));

    /// <summary>Resizes to a square.</summary>
    /// <param name="size">The side, 1 to <see cref="MaxSide"/>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The builder is locked.</exception>
    public AugmentationPipelineBuilder Resize(int size) => Resize(size, size);

    /// <summary>Mirrors left–right with a probability.</summary>
    /// <param name="probability">0 to 1; default 0.5.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The builder is locked.</exception>
    public AugmentationPipelineBuilder FlipHorizontal(double probability = 0.5) => Add(new FlipOperation(horizontal: true, probability));

    /// <summary>Mirrors top–bottom with a probability.</summary>
    /// <param name="probability">0 to 1; default 0.5.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The builder is locked.</exception>
    public AugmentationPipelineBuilder FlipVertical(double probability = 0.5) => Add(new FlipOperation(horizontal: false, probability));

    /// <summary>Multiplies every pixel by a factor drawn from [1 − jitter, 1 + jitter], clamped to 0–255.</summary>
    /// <param name="jitter">Greater than 0, at most 1. The study used 0.25.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The builder is locked.</exception>
    public AugmentationPipelineBuilder Brightness(double jitter) => Add(new JitterOperation("brightness", nameof(Brightness), jitter));

    /// <summary>Scales each pixel's distance from the image's mean grey by a factor drawn from [1 − jitter, 1 + jitter].</summary>
    /// <param name="jitter">Greater than 0, at most 1.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The builder is locked.</exception>
    public AugmentationPipelineBuilder Contrast(double jitter) => Add(new JitterOperation("contrast", nameof(Contrast), jitter));

    /// <summary>Applies 255·(p/255)^γ with γ drawn uniformly from [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <param name="min">Greater than 0.</param>
    /// <param name="max">At least <paramref name="min"/>, at most 10.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The builder is locked.</exception>
    public AugmentationPipelineBuilder Gamma(double min, double max) => Add(new GammaOperation(min, max));

    /// <summary>Adds zero-mean Gaussian noise of a fixed standard deviation, then clamps to 0–255.</summary>
    /// <param name="sigma">Standard deviation in grey levels, greater than 0, at most 128.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The builder is locked.</exception>
    public AugmentationPipelineBuilder GaussianNoise(double sigma) => Add(new GaussianNoiseOperation(sigma));

    /// <summary>Gaussian blur with σ drawn uniformly from [<paramref name="minSigma"/>, <paramref name="maxSigma"/>] pixels.</summary>
    /// <param name="minSigma">At least 0.</param>
    /// <param name="maxSigma">At least <paramref name="minSigma"/>, at most 20.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The builder is locked.</exception>
    public AugmentationPipelineBuilder Blur(double minSigma, double maxSigma) => Add(new BlurOperation(minSigma, maxSigma));

    /// <summary>Scales about the image centre by a factor drawn from [<paramref name="min"/>, <paramref name="max"/>]
    /// (above 1 zooms in); the size stays the same, uncovered borders are black.</summary>
    /// <param name="min">At least 0.1.</param>
    /// <param name="max">At least <paramref name="min"/>, at most 10.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The builder is locked.</exception>
    public AugmentationPipelineBuilder Zoom(double min, double max) => Add(new ZoomOperation(min, max));

    /// <summary>Shifts by up to ±<paramref name="fraction"/> of the width and of the height, each drawn uniformly.</summary>
    /// <param name="fraction">Greater than 0, at most 0.5.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The builder is locked.</exception>
    public AugmentationPipelineBuilder Translate(double fraction) => Add(new TranslateOperation(fraction));

    /// <summary>
    /// Ends the current variant and starts a new one. Copy or epoch <c>n</c> uses variant <c>n mod count</c>; the
    /// study's static policy is eleven one-rotation variants followed by two random affine variants.
    /// </summary>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The builder is locked.</exception>
    public AugmentationPipelineBuilder NextVariant()
    {
        ThrowIfLocked();
        _variants.Add([]);
        return this;
    }

    /// <summary>Validates every setting and builds the policy; the builder is locked afterwards.</summary>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentException">Some settings are invalid; the message lists every failure.</exception>
    /// <exception cref="InvalidOperationException">The builder is locked.</exception>
    public AugmentationPolicy Build()
    {
        ThrowIfLocked();
        var problems = new OptionsValidator("augmentation policy");
        problems.Require(!string.IsNullOrWhiteSpace(_name), $"Name must not be empty.");
        var several = _variants.Count > 1;
        for (var v = 0; v < _variants.Count; v++)
        {
            if (_variants[v].Count == 0)
            {
                problems.Add(several
                    ? (FormattableString)$"Variant {v + 1} has no operations."
                    : $"The policy has no operations: add at least one, or train with AugmentationMode.None.");
            }

            var operations = _variants[v];
            problems.Nested(several ? string.Create(CultureInfo.InvariantCulture, $"Variant {v + 1}: ") : string.Empty, p =>
            {
                foreach (var operation in operations)
                {
                    operation.Collect(p);
                }
            });
        }

        problems.ThrowIfInvalid();
        _locked = true;
        return new AugmentationPolicy(_name, _seed, [.. _variants.Select(v => v.ToArray())]);
    }

    private AugmentationPipelineBuilder Add(AugmentationOperation operation)
    {
        ThrowIfLocked();
        _variants[^1].Add(operation);
        return this;
    }

    private void ThrowIfLocked()
    {
        if (_locked)
        {
            throw new InvalidOperationException("This augmentation builder is locked: Build() has been called. Start a new builder for another policy.");
        }
    }
}
