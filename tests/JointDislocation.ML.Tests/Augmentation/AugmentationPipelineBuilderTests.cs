using JointDislocation.ML.Augmentation;

namespace JointDislocation.ML.Tests.Augmentation;

public class AugmentationPipelineBuilderTests
{
    [Test]
    public void Defaults()
    {
        var policy = new AugmentationPipelineBuilder().FlipHorizontal().FlipVertical().Build();
        Assert.That(policy.Name, Is.EqualTo(AugmentationPipelineBuilder.DefaultName).And.EqualTo("custom"));
        Assert.That(policy.Seed, Is.Zero);
        Assert.That(policy.Variants, Is.EqualTo(new[] { "FlipHorizontal(0.5) > FlipVertical(0.5)" }));
        Assert.That(AugmentationPipelineBuilder.MaxSide, Is.EqualTo(8192));
    }

    [Test]
    public void Operations_keep_the_order_they_were_added_in()
    {
        var policy = new AugmentationPipelineBuilder(9).Named("mine")
            .Resize(300).RandomRotation(10).FixedRotation(90).RandomCrop(224, from: 256).Resize(200, 100).Contrast(0.2)
            .Gamma(0.8, 1.2).GaussianNoise(3).Blur(0.5, 1).Zoom(0.9, 1.1).Translate(0.05).Brightness(0.1)
            .Build();
        Assert.That(policy.Name, Is.EqualTo("mine"));
        Assert.That(policy.Seed, Is.EqualTo(9));
        Assert.That(policy.Variants.Single(), Is.EqualTo(
            "Resize(300, 300) > RandomRotation(10) > FixedRotation(90) > RandomCrop(224, from: 256) > Resize(200, 100) > Contrast(0.2)"
            + " > Gamma(0.8, 1.2) > GaussianNoise(3) > Blur(0.5, 1) > Zoom(0.9, 1.1) > Translate(0.05) > Brightness(0.1)"));
        Assert.That(
            policy.Draw("x", 0).Operations.Select(o => o.Operation),
            Is.EqualTo(new[] { "resize", "rotate", "rotate", "crop", "resize", "contrast", "gamma", "noise", "blur", "zoom", "translate", "brightness" }));
    }

    [Test]
    public void Build_reports_every_invalid_setting_at_once()
    {
        var ex = Assert.Throws<ArgumentException>(() => new AugmentationPipelineBuilder()
            .RandomRotation(200).RandomCrop(300, from: 256).FlipHorizontal(1.5).Brightness(0).Gamma(2, 1)
            .GaussianNoise(-1).Blur(3, 1).Zoom(0, 1).Translate(0.7).Resize(0, 10).Contrast(double.NaN)
            .FixedRotation(double.PositiveInfinity).FlipVertical(-0.1)
            .Build());
        Assert.That(ex!.Message, Is.EqualTo(
            "Invalid augmentation policy:"
            + " RandomRotation: maxDegrees must be greater than 0 and at most 180 (got 200)."
            + " RandomCrop: size and from must satisfy 1 ≤ size ≤ from ≤ 8192 (got size 300, from 256)."
            + " FlipHorizontal: probability must be between 0 and 1 (got 1.5)."
            + " Brightness: jitter must be greater than 0 and at most 1 (got 0)."
            + " Gamma: range must satisfy 0 < min ≤ max ≤ 10 (got min 2, max 1)."
            + " GaussianNoise: sigma must be greater than 0 and at most 128 grey levels (got -1)."
            + " Blur: sigma range must satisfy 0 ≤ min ≤ max ≤ 20 (got min 3, max 1)."
            + " Zoom: range must satisfy 0.1 ≤ min ≤ max ≤ 10 (got min 0, max 1)."
            + " Translate: fraction must be greater than 0 and at most 0.5 (got 0.7)."
            + " Resize: width and height must be between 1 and 8192 (got 0×10)."
            + " Contrast: jitter must be greater than 0 and at most 1 (got NaN)."
            + " FixedRotation: degrees must be a finite number (got Infinity)."
            + " FlipVertical: probability must be between 0 and 1 (got -0.1)."));
    }

    [Test]
    public void Build_names_the_variant_of_each_failure()
    {
        var ex = Assert.Throws<ArgumentException>(() => new AugmentationPipelineBuilder()
            .Named(" ").FixedRotation(30).NextVariant().NextVariant().Brightness(2).Build());
        Assert.That(ex!.Message, Is.EqualTo(
            "Invalid augmentation policy:"
            + " Name must not be empty."
            + " Variant 2 has no operations."
            + " Variant 3: Brightness: jitter must be greater than 0 and at most 1 (got 2)."));
    }

    [Test]
    public void An_empty_policy_is_invalid()
    {
        var ex = Assert.Throws<ArgumentException>(() => new AugmentationPipelineBuilder().Build());
        Assert.That(ex!.Message, Is.EqualTo(
            "Invalid augmentation policy: The policy has no operations: add at least one, or train with AugmentationMode.None."));
    }

    [Test]
    public void Boundary_values_are_valid()
    {
        Assert.DoesNotThrow(() => new AugmentationPipelineBuilder()
            .RandomRotation(180).RandomCrop(1, from: 1).RandomCrop(8192, from: 8192).FlipHorizontal(0).FlipVertical(1)
            .Brightness(1).Contrast(1).Gamma(10, 10).GaussianNoise(128).Blur(0, 0).Blur(20, 20).Zoom(0.1, 10).Translate(0.5)
            .Resize(1, 8192).FixedRotation(-720).Build());
    }

    [Test]
    public void The_builder_is_locked_after_build()
    {
        var builder = new AugmentationPipelineBuilder().FlipHorizontal();
        _ = builder.Build();
        var ex = Assert.Throws<InvalidOperationException>(() => builder.Brightness(0.1));
        Assert.That(ex!.Message, Is.EqualTo("This augmentation builder is locked: Build() has been called. Start a new builder for another policy."));
        Assert.Throws<InvalidOperationException>(() => builder.Build());
        Assert.Throws<InvalidOperationException>(() => builder.NextVariant());
        Assert.Throws<InvalidOperationException>(() => builder.WithSeed(1));
    }

    [Test]
    public void A_failed_build_leaves_the_builder_open_to_fix()
    {
        var builder = new AugmentationPipelineBuilder();
        Assert.Throws<ArgumentException>(() => builder.Build());
        Assert.That(builder.FlipHorizontal().Build().Variants, Has.Count.EqualTo(1));
    }

    [Test]
    public void The_context_entry_seeds_from_the_context()
    {
        var context = new DislocationContext(42);
        var policy = context.Augmentation().RandomRotation(5).RandomCrop(224, from: 256).FlipHorizontal().Brightness(0.25).Build();
        Assert.That(policy.Seed, Is.EqualTo(context.DeriveSeed("augmentation")));
        Assert.That(
            new DislocationContext(42).Augmentation().RandomRotation(5).Build().Draw("a", 0),
            Is.EqualTo(context.Augmentation().RandomRotation(5).Build().Draw("a", 0)));
        Assert.Throws<ArgumentNullException>(() => AugmentationContextExtensions.Augmentation(null!));
    }

    [Test]
    public void Variants_cycle_over_copies()
    {
        var policy = new AugmentationPipelineBuilder().FixedRotation(90).NextVariant().FlipHorizontal(1).Build();
        Assert.That(policy.Draw("a", 0).Id, Is.EqualTo("rotate(90)"));
        Assert.That(policy.Draw("a", 1).Id, Is.EqualTo("flipH(1)"));
        Assert.That(policy.Draw("a", 2).Id, Is.EqualTo("rotate(90)"));
        Assert.That(policy.ToString(), Is.EqualTo("custom: FixedRotation(90) | FlipHorizontal(1)"));
    }
}
