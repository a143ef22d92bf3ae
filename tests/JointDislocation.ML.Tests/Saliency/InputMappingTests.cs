using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;
using JointDislocation.ML.Saliency;

namespace JointDislocation.ML.Tests.Saliency;

public class InputMappingTests
{
    [Test]
    public void Original_and_input_coordinates_round_trip()
    {
        var mapping = InputMapping.CenterCrop(1000, 640, 224, 224);

        var (u, v) = mapping.ToInput(512.25, 300.5);
        var (x, y) = mapping.ToOriginal(u, v);

        Assert.That(x, Is.EqualTo(512.25).Within(1e-9));
        Assert.That(y, Is.EqualTo(300.5).Within(1e-9));
    }

    [Test]
    public void Centre_crop_of_a_tall_image_cuts_the_top_and_bottom()
    {
        var mapping = InputMapping.CenterCrop(224, 448, 224, 224);

        Assert.That(mapping.ScaleX, Is.EqualTo(1));
        Assert.That(mapping.OffsetY, Is.EqualTo(112));
        Assert.That(mapping.CoveredBox(224, 448), Is.EqualTo(new PixelBox(0, 112, 224, 224)));
        Assert.That(mapping.ToOriginal(0, 0), Is.EqualTo((0.0, 112.0)));
    }

    [Test]
    public void Stretch_and_identity_cover_everything()
    {
        Assert.That(InputMapping.Stretch(640, 480, 224, 224).CoveredBox(640, 480), Is.EqualTo(new PixelBox(0, 0, 640, 480)));
        Assert.That(InputMapping.Identity(50, 40).CoveredBox(50, 40), Is.EqualTo(new PixelBox(0, 0, 50, 40)));
    }

    [Test]
    public void Validate_names_every_problem()
    {
        var mapping = new InputMapping(0, 224, -1, 1, double.NaN, 0);

        Assert.That(mapping.Validate, Throws.ArgumentException
            .With.Message.Contains("input size")
            .And.Message.Contains("scales")
            .And.Message.Contains("offsets"));
    }
}
