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
            Assert.That(internet.Width, Is.InRange(256, 640));
            Assert.That(hospital.Width, Is.InRange(768, 1024));
        }
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
