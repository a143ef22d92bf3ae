using JointDislocation.ML.Augmentation;

namespace JointDislocation.ML.Tests.Augmentation;

public class AugmentationPresetsTests
{
    [Test]
    public void Study_online_has_the_study_parameters()
    {
        var policy = AugmentationPresets.StudyOnline;
        Assert.That(policy.Name, Is.EqualTo("study-online"));
        Assert.That(policy.Variants, Is.EqualTo(new[]
        {
            "RandomRotation(5) > RandomCrop(224, from: 256) > FlipHorizontal(0.5) > FlipVertical(0.5) > Brightness(0.25)",
        }));
    }

    [Test]
    public void Study_online_draws_stay_in_the_study_ranges()
    {
        var policy = AugmentationPresets.StudyOnline;
        var draws = Enumerable.Range(0, 400).Select(i => policy.Draw("img", i)).ToList();
        Assert.That(draws.Select(d => d.Operations[0].Values[0]), Is.All.InRange(-5.0, 5.0));
        Assert.That(draws.Select(d => d.Operations[1].Values[0]), Is.All.EqualTo(224));
        Assert.That(draws.Select(d => d.Operations[1].Values[1]), Is.All.EqualTo(256));
        Assert.That(draws.Select(d => d.Operations[4].Values[0]), Is.All.InRange(0.75, 1.25));
        Assert.That(draws.Count(d => d.Operations[2].Values[0] == 1), Is.InRange(160, 240), "horizontal flips about half the time");
        Assert.That(draws.Count(d => d.Operations[3].Values[0] == 1), Is.InRange(160, 240), "vertical flips about half the time");
        Assert.That(draws.Select(d => d.Id).Distinct().Count(), Is.EqualTo(400));
        var output = draws[0].Apply(TestImages.Pattern(300, 200));
        Assert.That((output.Width, output.Height), Is.EqualTo((224, 224)));
    }

    [Test]
    public void Study_online_at_another_input_size_scales_its_crop_and_keeps_the_rest()
    {
        var policy = AugmentationPresets.StudyOnlineAt(448);

        Assert.That(policy.Name, Is.EqualTo("study-online@448"));
        Assert.That(policy.Variants, Is.EqualTo(new[]
        {
            "RandomRotation(5) > RandomCrop(448, from: 512) > FlipHorizontal(0.5) > FlipVertical(0.5) > Brightness(0.25)",
        }));
        var output = policy.Draw("img", 0).Apply(TestImages.Pattern(600, 500));
        Assert.That((output.Width, output.Height), Is.EqualTo((448, 448)));
        Assert.That(AugmentationPresets.StudyOnlineAt(224), Is.SameAs(AugmentationPresets.StudyOnline));
        Assert.That(() => AugmentationPresets.StudyOnlineAt(0), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Study_static_is_eleven_rotations_and_two_random_affine_copies()
    {
        var policy = AugmentationPresets.StudyStatic;
        Assert.That(policy.Name, Is.EqualTo("study-static"));
        Assert.That(AugmentationPresets.StudyStaticCopies, Is.EqualTo(13));
        Assert.That(AugmentationPresets.StudyStaticMode.ToString(), Is.EqualTo("static:13"));
        Assert.That(policy.Variants, Has.Count.EqualTo(13));
        Assert.That(policy.Variants.Take(11), Is.EqualTo(Enumerable.Range(1, 11).Select(k => $"FixedRotation({k * 30})")));
        Assert.That(policy.Variants.Skip(11), Is.All.EqualTo("RandomRotation(15) > Translate(0.1) > Zoom(0.9, 1.1)"));

        var plan = AugmentationPlanner.Plan(policy, AugmentationPresets.StudyStaticMode, ["a.png"]);
        Assert.That(plan.Select(e => e.Draw.Id).Take(12), Is.EqualTo(
            new[] { "identity" }.Concat(Enumerable.Range(1, 11).Select(k => $"rotate({k * 30})"))));
        Assert.That(plan[12].Draw.Id, Does.StartWith("rotate("));
        Assert.That(plan[13].Draw.Id, Is.Not.EqualTo(plan[12].Draw.Id), "the two affine copies differ");
    }
}
