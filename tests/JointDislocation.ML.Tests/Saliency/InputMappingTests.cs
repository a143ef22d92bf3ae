using JointDislocation.ML.Backbones;
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
    [TestCase(1088, 847, ResizePolicy.IsoCrop)]
    [TestCase(961, 769, ResizePolicy.IsoCrop)]
    [TestCase(847, 1088, ResizePolicy.IsoCrop)]
    [TestCase(1088, 847, ResizePolicy.Letterbox)]
    public void The_explainer_maps_through_the_rectangle_the_resizer_actually_draws_into(int width, int height, ResizePolicy policy)
    {
        // ResNet18's own resizer truncates its destination rectangle to whole pixels (ML.NET's arithmetic); the
        // explainer must put the original's corners exactly where that rectangle puts them.
        var backbone = Backbone.ResNet18(policy);
        var (x, y, w, h) = BackboneImageResizer.DestinationRectangle(width, height, backbone.InputWidth, backbone.InputHeight, policy);
        var mapping = ModelExplainer.Mapping(backbone, new GrayImage(width, height));

        Assert.That(mapping.ToInput(0, 0).U, Is.EqualTo(x).Within(1e-9));
        Assert.That(mapping.ToInput(0, 0).V, Is.EqualTo(y).Within(1e-9));
        Assert.That(mapping.ToInput(width, height).U, Is.EqualTo(x + w).Within(1e-9));
        Assert.That(mapping.ToInput(width, height).V, Is.EqualTo(y + h).Within(1e-9));

        // The ideal centred mapping is up to about an input pixel away from what the network sees (the old mapping).
        var ideal = policy == ResizePolicy.IsoCrop ? InputMapping.CenterCrop(width, height, 224, 224) : InputMapping.Letterbox(width, height, 224, 224);
        Assert.That(Math.Abs(ideal.ToInput(0, 0).U - x) + Math.Abs(ideal.ToInput(0, 0).V - y), Is.LessThan(1.5));
    }
}
