using JointDislocation.ML.Augmentation;

namespace JointDislocation.ML.Tests.Augmentation;

public class AugmentationPlannerTests
{
    private static readonly AugmentationPolicy Policy = AugmentationPresets.StudyOnline.WithSeed(5);

    [Test]
    public void None_plans_each_original_once()
    {
        var plan = AugmentationPlanner.Plan(null, AugmentationMode.None, 3);
        Assert.That(plan.Select(e => (e.ImageIndex, e.ImageKey, e.Epoch, e.Copy, e.Draw.Id)), Is.EqualTo(new[]
        {
            (0, "0", 0, 0, "identity"), (1, "1", 0, 0, "identity"), (2, "2", 0, 0, "identity"),
        }));
    }

    [Test]
    public void Static_plans_the_original_and_k_copies_per_image()
    {
        var plan = AugmentationPlanner.Plan(Policy, AugmentationMode.Static(3), ["a", "b"]);
        Assert.That(plan.Select(e => (e.ImageKey, e.Copy)), Is.EqualTo(new[]
        {
            ("a", 0), ("a", 1), ("a", 2), ("a", 3), ("b", 0), ("b", 1), ("b", 2), ("b", 3),
        }));
        Assert.That(plan.Where(e => e.Copy == 0).Select(e => e.Draw), Is.All.EqualTo(AugmentationDraw.Identity));
        Assert.That(plan.Where(e => e.Copy > 0).Select(e => e.Draw), Is.Unique);
        Assert.That(plan[1].Draw, Is.EqualTo(Policy.Draw("a", 0)));
        Assert.That(plan.Select(e => e.Epoch), Is.All.Zero);
    }

    [Test]
    public void Online_plans_one_fresh_draw_per_image_per_epoch()
    {
        var plan = AugmentationPlanner.Plan(Policy, AugmentationMode.Online(3), ["a", "b"]);
        Assert.That(plan.Select(e => (e.Epoch, e.ImageKey)), Is.EqualTo(new[]
        {
            (0, "a"), (0, "b"), (1, "a"), (1, "b"), (2, "a"), (2, "b"),
        }));
        Assert.That(plan.Select(e => e.Draw), Is.Unique);
        Assert.That(plan[2].Draw, Is.EqualTo(Policy.Draw("a", 1)));
        Assert.That(plan.Select(e => e.Copy), Is.All.Zero);
    }

    [Test]
    public void Planning_by_count_uses_decimal_keys()
    {
        var byCount = AugmentationPlanner.Plan(Policy, AugmentationMode.Static(2), 2);
        var byKey = AugmentationPlanner.Plan(Policy, AugmentationMode.Static(2), ["0", "1"]);
        Assert.That(byCount, Is.EqualTo(byKey));
        Assert.That(Policy.Draw(1, 0), Is.EqualTo(Policy.Draw("1", 0)));
    }

    [Test]
    public void Bad_input_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => AugmentationPlanner.Plan(Policy, AugmentationMode.Static(1), ["a", "b", "a"]));
        Assert.That(ex!.Message, Does.StartWith("Image key 'a' appears twice (positions 0 and 2); each image needs its own key so it gets its own draws."));
        var missing = Assert.Throws<ArgumentNullException>(() => AugmentationPlanner.Plan(null, AugmentationMode.Online(2), 1));
        Assert.That(missing!.Message, Does.StartWith("Augmentation mode 'online:2' needs a policy."));
        Assert.Throws<ArgumentOutOfRangeException>(() => AugmentationPlanner.Plan(Policy, AugmentationMode.None, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Policy.Draw("a", -1));
    }
}
