using JointDislocation.ML.Imaging;
using JointDislocation.ML.Saliency;

namespace JointDislocation.ML.Tests.Saliency;

public class ColormapsTests
{
    [Test]
    public void Jet_runs_from_dark_blue_through_green_to_dark_red()
    {
        Assert.That(Colormaps.Jet.GetColor(0), Is.EqualTo(new RgbColor(0, 0, 128)));
        Assert.That(Colormaps.Jet.GetColor(0.5), Is.EqualTo(new RgbColor(128, 255, 128)));
        Assert.That(Colormaps.Jet.GetColor(1), Is.EqualTo(new RgbColor(128, 0, 0)));
        Assert.That(Colormaps.Jet.GetColor(0.25), Is.EqualTo(new RgbColor(0, 128, 255)));
    }

    [Test]
    public void Inferno_runs_from_near_black_to_pale_yellow()
    {
        Assert.That(Colormaps.Inferno.GetColor(0), Is.EqualTo(new RgbColor(0, 0, 4)));
        Assert.That(Colormaps.Inferno.GetColor(1), Is.EqualTo(new RgbColor(252, 255, 164)));
    }

    [TestCase("inferno")]
    [TestCase("viridis")]
    [TestCase("gray")]
    public void Perceptual_colormaps_rise_monotonically_in_luminance(string name)
    {
        // Sampled at hundredths: finer steps can see one channel round down a tick before another rounds up.
        var colormap = Colormaps.FromName(name);
        for (var i = 0; i < 100; i++)
        {
            Assert.That(colormap.GetColor((i + 1) / 100.0).Luminance, Is.GreaterThan(colormap.GetColor(i / 100.0).Luminance), $"t = {i / 100.0}");
        }

        // And clearly rising from each tenth to the next.
        for (var i = 0; i < 10; i++)
        {
            Assert.That(colormap.GetColor((i + 1) / 10.0).Luminance, Is.GreaterThan(colormap.GetColor(i / 10.0).Luminance + 0.005), $"decile {i}");
        }
    }

    [Test]
    public void Jet_is_not_monotone_in_luminance_which_is_why_we_offer_inferno()
    {
        var luminances = Enumerable.Range(0, 101).Select(i => Colormaps.Jet.GetColor(i / 100.0).Luminance).ToList();

        Assert.That(luminances, Is.Not.Ordered.Ascending);
    }

    [Test]
    public void Values_outside_the_range_are_clamped_and_NaN_is_the_bottom()
    {
        foreach (var colormap in Colormaps.All)
        {
            Assert.That(colormap.GetColor(-3), Is.EqualTo(colormap.GetColor(0)), colormap.Name);
            Assert.That(colormap.GetColor(7), Is.EqualTo(colormap.GetColor(1)), colormap.Name);
            Assert.That(colormap.GetColor(double.NaN), Is.EqualTo(colormap.GetColor(0)), colormap.Name);
        }
    }

    [Test]
    public void Colormaps_are_found_by_name_ignoring_case()
    {
        Assert.That(Colormaps.FromName("JET"), Is.SameAs(Colormaps.Jet));
        Assert.That(Colormaps.FromName(" Inferno "), Is.SameAs(Colormaps.Inferno));
        Assert.That(() => Colormaps.FromName("rainbow"),
            Throws.ArgumentException.With.Message.Contains("Unknown colormap 'rainbow'; known: jet, inferno, viridis, gray"));
    }
}
