namespace JointDislocation.ML.Augmentation;

// The operations the builder configures. Each validates its own settings; the builder reports all failures at once.

internal sealed class RandomRotationOperation(double maxDegrees) : AugmentationOperation("rotate")
{
    public override string Description => $"RandomRotation({F(maxDegrees)})";

    public override OperationDraw Randomize(DeterministicRandom random) => new(Name, Uniform(random, -maxDegrees, maxDegrees));

    public override void Collect(OptionsValidator problems)
    {
        if (!(maxDegrees > 0 && maxDegrees <= 180))
        {
            problems.Add($"RandomRotation: maxDegrees must be greater than 0 and at most 180 (got {F(maxDegrees)}).");
        }
    }
}

internal sealed class FixedRotationOperation(double degrees) : AugmentationOperation("rotate")
{
    public override string Description => $"FixedRotation({F(degrees)})";

    public override OperationDraw Randomize(DeterministicRandom random) => new(Name, degrees);

    public override void Collect(OptionsValidator problems)
    {
        if (!double.IsFinite(degrees))
        {
            problems.Add($"FixedRotation: degrees must be a finite number (got {F(degrees)}).");
        }
    }
}

internal sealed class RandomCropOperation(int size, int from) : AugmentationOperation("crop")
{
    public override string Description => $"RandomCrop({size}, from: {from})";

    public override OperationDraw Randomize(DeterministicRandom random)
    {
        var u = random.NextDouble();
        var v = random.NextDouble();
        return new(Name, size, from, u, v);
    }

    public override void Collect(OptionsValidator problems)
    {
        if (!(size >= 1 && size <= from && from <= AugmentationPipelineBuilder.MaxSide))
        {
            problems.Add($"RandomCrop: size and from must satisfy 1 ≤ size ≤ from ≤ {AugmentationPipelineBuilder.MaxSide} (got size {size}, from {from}).");
        }
    }
}

internal sealed class ResizeOperation(int width, int height) : AugmentationOperation("resize")
{
    public override string Description => $"Resize({width}, {height})";

    public override OperationDraw Randomize(DeterministicRandom random) => new(Name, width, height);

    public override void Collect(OptionsValidator problems)
    {
        if (!(width >= 1 && height >= 1 && width <= AugmentationPipelineBuilder.MaxSide && height <= AugmentationPipelineBuilder.MaxSide))
        {
            problems.Add($"Resize: width and height must be between 1 and {AugmentationPipelineBuilder.MaxSide} (got {width}×{height}).");
        }
    }
}

internal sealed class FlipOperation(bool horizontal, double probability) : AugmentationOperation(horizontal ? "flipH" : "flipV")
{
    private string Method => horizontal ? "FlipHorizontal" : "FlipVertical";

    public override string Description => $"{Method}({F(probability)})";

    public override OperationDraw Randomize(DeterministicRandom random) => new(Name, random.NextDouble() < probability ? 1 : 0);

    public override void Collect(OptionsValidator problems)
    {
        if (!(probability >= 0 && probability <= 1))
        {
            problems.Add($"{Method}: probability must be between 0 and 1 (got {F(probability)}).");
        }
    }
}

/// <summary>Brightness or contrast: a factor drawn uniformly from [1 − jitter, 1 + jitter], as torchvision's ColorJitter.</summary>
internal sealed class JitterOperation(string name, string method, double jitter) : AugmentationOperation(name)
{
    public override string Description => $"{method}({F(jitter)})";

    public override OperationDraw Randomize(DeterministicRandom random) => new(Name, Uniform(random, 1 - jitter, 1 + jitter));

    public override void Collect(OptionsValidator problems)
    {
        if (!(jitter > 0 && jitter <= 1))
        {
            problems.Add($"{method}: jitter must be greater than 0 and at most 1 (got {F(jitter)}).");
        }
    }
}

internal sealed class GammaOperation(double min, double max) : AugmentationOperation("gamma")
{
    public override string Description => $"Gamma({F(min)}, {F(max)})";

    public override OperationDraw Randomize(DeterministicRandom random) => new(Name, Uniform(random, min, max));

    public override void Collect(OptionsValidator problems)
    {
        if (!(min > 0 && min <= max && max <= 10))
        {
            problems.Add($"Gamma: range must satisfy 0 < min ≤ max ≤ 10 (got min {F(min)}, max {F(max)}).");
        }
    }
}

internal sealed class GaussianNoiseOperation(double sigma) : AugmentationOperation("noise")
{
    public override string Description => $"GaussianNoise({F(sigma)})";

    // The noise field itself is too big for a draw; its seed is drawn instead, which replays it exactly.
    public override OperationDraw Randomize(DeterministicRandom random) => new(Name, sigma, random.NextInt32());

    public override void Collect(OptionsValidator problems)
    {
        if (!(sigma > 0 && sigma <= 128))
        {
            problems.Add($"GaussianNoise: sigma must be greater than 0 and at most 128 grey levels (got {F(sigma)}).");
        }
    }
}

internal sealed class BlurOperation(double minSigma, double maxSigma) : AugmentationOperation("blur")
{
    public override string Description => $"Blur({F(minSigma)}, {F(maxSigma)})";

    public override OperationDraw Randomize(DeterministicRandom random) => new(Name, Uniform(random, minSigma, maxSigma));

    public override void Collect(OptionsValidator problems)
    {
        if (!(minSigma >= 0 && minSigma <= maxSigma && maxSigma <= 20))
        {
            problems.Add($"Blur: sigma range must satisfy 0 ≤ min ≤ max ≤ 20 (got min {F(minSigma)}, max {F(maxSigma)}).");
        }
    }
}

internal sealed class ZoomOperation(double min, double max) : AugmentationOperation("zoom")
{
    public override string Description => $"Zoom({F(min)}, {F(max)})";

    public override OperationDraw Randomize(DeterministicRandom random) => new(Name, Uniform(random, min, max));

    public override void Collect(OptionsValidator problems)
    {
        if (!(min >= 0.1 && min <= max && max <= 10))
        {
            problems.Add($"Zoom: range must satisfy 0.1 ≤ min ≤ max ≤ 10 (got min {F(min)}, max {F(max)}).");
        }
    }
}

internal sealed class TranslateOperation(double fraction) : AugmentationOperation("translate")
{
    public override string Description => $"Translate({F(fraction)})";

    public override OperationDraw Randomize(DeterministicRandom random)
    {
        var dx = Uniform(random, -fraction, fraction);
        var dy = Uniform(random, -fraction, fraction);
        return new(Name, dx, dy);
    }

    public override void Collect(OptionsValidator problems)
    {
        if (!(fraction > 0 && fraction <= 0.5))
        {
            problems.Add($"Translate: fraction must be greater than 0 and at most 0.5 (got {F(fraction)}).");
        }
    }
}
