using JointDislocation.ML.Augmentation;

namespace JointDislocation.ML.Tests.Augmentation;

public class AugmentationModeTests
{
    [TestCase("none", AugmentationModeKind.None, 0)]
    [TestCase("static:13", AugmentationModeKind.Static, 13)]
    [TestCase("online:10", AugmentationModeKind.Online, 10)]
    [TestCase("static:1", AugmentationModeKind.Static, 1)]
    public void Parse_and_format_round_trip(string text, AugmentationModeKind kind, int count)
    {
        var mode = AugmentationMode.Parse(text);
        Assert.That(mode.Kind, Is.EqualTo(kind));
        Assert.That(mode.Count, Is.EqualTo(count));
        Assert.That(mode.ToString(), Is.EqualTo(text));
        Assert.That(AugmentationMode.Parse(mode.ToString()), Is.EqualTo(mode));
    }

    [Test]
    public void Parse_ignores_case_and_surrounding_spaces()
    {
        Assert.That(AugmentationMode.Parse("  Static:3 "), Is.EqualTo(AugmentationMode.Static(3)));
        Assert.That(AugmentationMode.Parse("NONE"), Is.EqualTo(AugmentationMode.None));
        Assert.That(AugmentationMode.Parse("ONLINE:2").ToString(), Is.EqualTo("online:2"));
    }

    [TestCase("", "'' is not an augmentation mode: expected none, static:K or online:E, with K and E whole numbers of at least 1.")]
    [TestCase("static", "'static' is not an augmentation mode: expected none, static:K or online:E, with K and E whole numbers of at least 1.")]
    [TestCase("offline:3", "'offline:3' is not an augmentation mode: expected none, static:K or online:E, with K and E whole numbers of at least 1.")]
    [TestCase("static:0", "'static:0' is not an augmentation mode: the number after 'static:' must be a whole number of at least 1.")]
    [TestCase("online:-1", "'online:-1' is not an augmentation mode: the number after 'online:' must be a whole number of at least 1.")]
    [TestCase("static:1.5", "'static:1.5' is not an augmentation mode: the number after 'static:' must be a whole number of at least 1.")]
    [TestCase("static:", "'static:' is not an augmentation mode: the number after 'static:' must be a whole number of at least 1.")]
    [TestCase("online: 3", "'online: 3' is not an augmentation mode: the number after 'online:' must be a whole number of at least 1.")]
    public void Bad_syntax_is_rejected_with_a_clear_message(string text, string message)
    {
        var ex = Assert.Throws<FormatException>(() => AugmentationMode.Parse(text));
        Assert.That(ex!.Message, Is.EqualTo(message));
        Assert.That(AugmentationMode.TryParse(text, out var mode), Is.False);
        Assert.That(mode, Is.Null);
    }

    [Test]
    public void Factories_validate_their_count()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AugmentationMode.Static(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => AugmentationMode.Online(0));
        Assert.Throws<ArgumentNullException>(() => AugmentationMode.Parse(null!));
        Assert.That(AugmentationMode.TryParse(null, out _), Is.False);
    }

    [Test]
    public void Equality_is_by_kind_and_count()
    {
        var a = AugmentationMode.Static(3);
        var b = AugmentationMode.Parse("static:3");
        Assert.That(a, Is.Not.SameAs(b));
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a, Is.Not.EqualTo(AugmentationMode.Online(3)));
        Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
    }
}
