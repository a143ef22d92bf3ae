using JointDislocation.ML.Phantoms;

namespace JointDislocation.ML.Tests.Phantoms;

public class PhantomGeneratorTests
{
    private static readonly PhantomStyle[] Styles = [PhantomStyle.Internet, PhantomStyle.Hospital];

    [Test]
    public void Same_seed_gives_the_same_bytes_and_another_seed_other_bytes([Values] Joint joint, [ValueSource(nameof(Styles))] PhantomStyle style)
    {
        var options = new PhantomOptions { Joint = joint, Style = style, Dislocated = true };

        var first = PhantomCodec.EncodePng(PhantomGenerator.Generate(options, 7).Image);
        var again = PhantomCodec.EncodePng(PhantomGenerator.Generate(options, 7).Image);
        var other = PhantomCodec.EncodePng(PhantomGenerator.Generate(options, 8).Image);

        Assert.That(again, Is.EqualTo(first));
        Assert.That(other, Is.Not.EqualTo(first));
    }

    [Test]
    public void Roi_lies_inside_the_image_and_contains_the_head([Values] Joint joint, [ValueSource(nameof(Styles))] PhantomStyle style, [Values] bool dislocated)
    {
        for (var seed = 0; seed < 6; seed++)
        {
            var result = PhantomGenerator.Generate(new PhantomOptions { Joint = joint, Style = style, Dislocated = dislocated, Difficulty = seed / 5.0 }, seed);
            var image = result.Image;

            Assert.That(result.Roi.X, Is.GreaterThanOrEqualTo(0));
            Assert.That(result.Roi.Y, Is.GreaterThanOrEqualTo(0));
            Assert.That(result.Roi.X + result.Roi.Width, Is.LessThanOrEqualTo(image.Width));
            Assert.That(result.Roi.Y + result.Roi.Height, Is.LessThanOrEqualTo(image.Height));
            Assert.That(result.Roi.Area, Is.GreaterThan(0));
            Assert.That(result.Roi.Contains(result.HeadX, result.HeadY), Is.True, $"head ({result.HeadX:0}, {result.HeadY:0}) outside ROI {result.Roi}");
            Assert.That(result.Roi.Area, Is.LessThan(image.Width * (long)image.Height), "ROI is the whole image");
            foreach (var box in result.Artifacts)
            {
                Assert.That(box.ClipTo(image.Width, image.Height), Is.EqualTo(box), $"artifact {box} leaves the image");
                Assert.That(box.Area, Is.GreaterThan(0));
            }
        }
    }

    [Test]
    public void Displacement_follows_the_label_and_the_difficulty([Values] Joint joint)
    {
        double Mean(bool dislocated, double difficulty) => Enumerable.Range(0, 8)
            .Select(seed => PhantomGenerator.Generate(new PhantomOptions { Joint = joint, Dislocated = dislocated, Difficulty = difficulty, Width = 128, Height = 128 }, seed).DisplacementMm)
            .Average();

        var located = Mean(false, 0.5);
        var gross = Mean(true, 0.0);
        var subtle = Mean(true, 1.0);

        Assert.That(located, Is.LessThan(1.0));
        Assert.That(gross, Is.GreaterThan(15.0));
        Assert.That(subtle, Is.InRange(2.0, 8.0));
        Assert.That(subtle, Is.LessThan(gross / 3));
    }

    [Test]
    public void Size_can_be_fixed_and_otherwise_depends_on_the_style()
    {
        var fixedSize = PhantomGenerator.Generate(new PhantomOptions { Width = 300, Height = 200 }, 1).Image;
        Assert.That((fixedSize.Width, fixedSize.Height), Is.EqualTo((300, 200)));

        for (var seed = 0; seed < 10; seed++)
        {
            var internet = PhantomGenerator.Generate(new PhantomOptions { Style = PhantomStyle.Internet, Width = null }, seed).Image;
            var hospital = PhantomGenerator.Generate(new PhantomOptions { Style = PhantomStyle.Hospital }, seed).Image;
            Assert.That(Math.Min(internet.Width, internet.Height), Is.GreaterThanOrEqualTo(200));
            Assert.That(Math.Max(internet.Width, internet.Height), Is.LessThanOrEqualTo(2800));
            Assert.That(hospital.Width, Is.InRange(768, 1024));
        }
    }

    [Test]
    public void Internet_sizes_span_200_to_2800_pixels_when_free()
    {
        // The figure plan alone (no rendering): the saved size of 400 free-size internet images.
        var sides = Enumerable.Range(0, 400)
            .Select(seed => PhantomGenerator.Framing(new PhantomOptions { Joint = (Joint)(seed % 4), Style = PhantomStyle.Internet }, seed))
            .Select(f => (Short: Math.Min(f.Width, f.Height), Long: Math.Max(f.Width, f.Height)))
            .ToArray();

        Assert.That(sides.Min(s => s.Short), Is.InRange(200, 260));
        Assert.That(sides.Max(s => s.Long), Is.InRange(1800, 2800));
        Assert.That(sides.Count(s => s.Long > 1000), Is.InRange(40, 200), "enlarged figures are common but not the rule");
    }

    [Test]
    public void Internet_figures_record_every_added_region_and_keep_the_joint_in_panel_a()
    {
        // Seeds whose plan has a second panel, a screenshot border and a caption (found from the plan, not rendered).
        var plans = Enumerable.Range(0, 400)
            .Select(seed => (Seed: seed, Plan: PhantomGenerator.Framing(new PhantomOptions { Joint = Joint.Hip, Style = PhantomStyle.Internet }, seed).Figure!))
            .ToArray();
        var panel = plans.First(p => p.Plan.Panel is not null);
        var screenshot = plans.First(p => p.Plan.Screenshot is { Toolbar: > 0 });
        var caption = plans.First(p => p.Plan.Caption is not null);

        foreach (var (seed, plan) in new[] { panel, screenshot, caption })
        {
            var result = PhantomGenerator.Generate(new PhantomOptions { Joint = Joint.Hip, Style = PhantomStyle.Internet, Dislocated = true }, seed);
            Assert.That((result.Image.Width, result.Image.Height), Is.EqualTo((plan.Width, plan.Height)), $"seed {seed}");
            var panelA = plan.MapCanvas(plan.PanelA);
            Assert.That(panelA.Contains(result.HeadX, result.HeadY), Is.True, $"seed {seed}: the head lies in panel A");
            Assert.That(result.Roi.X, Is.GreaterThanOrEqualTo(panelA.X), $"seed {seed}");
            Assert.That(result.Roi.X + result.Roi.Width, Is.LessThanOrEqualTo(panelA.X + panelA.Width), $"seed {seed}");
            if (plan.Panel is { } b)
            {
                Assert.That(result.Artifacts, Does.Contain(plan.MapCanvas(b.Box)), $"seed {seed}: panel B is an artefact region");
            }

            if (plan.Caption is { } c)
            {
                var (left, right, bottom) = (plan.Screenshot?.Left ?? 0, plan.Screenshot?.Right ?? 0, plan.Screenshot?.Bottom ?? 0);
                var strip = plan.MapCanvas(new(left, plan.CanvasHeight - bottom - c.Height, plan.CanvasWidth - left - right, c.Height));
                Assert.That(result.Artifacts, Does.Contain(strip), $"seed {seed}: caption strip recorded");
            }

            if (plan.Screenshot is not null)
            {
                Assert.That(result.Artifacts.Any(a => a.X == 0 && a.Y == 0 && a.Width == plan.Width), Is.True, $"seed {seed}: top border and toolbar recorded");
            }
        }
    }

    [Test]
    public void A_second_panel_is_cropped_away_from_the_framing_box()
    {
        var framing = new JointDislocation.ML.Imaging.PixelBox(60, 50, 150, 130);
        var panels = 0;
        for (var seed = 0; seed < 300; seed++)
        {
            var plan = InternetFinish.Plan(480, 400, sizeFixed: false, framing, "AP RADIOGRAPH OF THE RIGHT HIP", new DeterministicRandom(seed));
            if (plan.Panel is { } panel)
            {
                panels++;
                Assert.That(panel.Crop.Overlaps(framing), Is.False, $"seed {seed}: panel B shows the joint");
                Assert.That(panel.Crop.ClipTo(480, 400), Is.EqualTo(panel.Crop), $"seed {seed}: crop leaves the radiograph");
            }

            var fixedPlan = InternetFinish.Plan(480, 400, sizeFixed: true, framing, "X", new DeterministicRandom(seed));
            Assert.That((fixedPlan.Width, fixedPlan.Height, fixedPlan.Panel, fixedPlan.Caption, fixedPlan.Screenshot), Is.EqualTo((480, 400, (PanelPlan?)null, (CaptionPlan?)null, (ScreenshotPlan?)null)), $"seed {seed}: a fixed size adds nothing around the radiograph");
        }

        Assert.That(panels, Is.InRange(10, 75), "about 15 % of figures have a second panel");
    }

    [Test]
    public void Hospital_images_carry_burned_in_text_and_a_marker()
    {
        var result = PhantomGenerator.Generate(new PhantomOptions { Style = PhantomStyle.Hospital, Joint = Joint.Hip }, 3);

        Assert.That(result.Artifacts, Has.Count.GreaterThanOrEqualTo(3));
    }

    [Test]
    public void Invalid_options_are_reported_together()
    {
        var options = new PhantomOptions { Difficulty = 1.5, Width = 10, Height = 5000 };

        var error = Assert.Throws<ArgumentException>(() => PhantomGenerator.Generate(options, 0))!;

        Assert.That(error.Message, Does.Contain("Difficulty").And.Contain("Width").And.Contain("Height"));
    }
}
