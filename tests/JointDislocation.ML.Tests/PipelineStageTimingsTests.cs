using JointDislocation.ML.Backbones;
using JointDislocation.ML.Data;
using JointDislocation.ML.Tests.Data;
using SkiaSharp;

namespace JointDislocation.ML.Tests;

public class PipelineStageTimingsTests
{
    [Test]
    public void A_scope_collects_every_stage_an_image_passes_from_every_thread()
    {
        using var temp = new TemporaryDirectory("jdml-timings");
        var path = TestImages.Write(temp.Combine("colour.jpg"), TestImages.SkiaEncode(300, 200, TestImages.Pattern(300, 200), SKEncodedImageFormat.Webp));
        var backbone = Backbone.ResNet18();
        var timings = new PipelineStageTimings();
        using (PipelineStageTimings.Collect(timings))
        {
            Assert.That(ImageFingerprint.TryRead(path, null, out _, out var image, out var reason), Is.True, reason);
            Parallel.For(0, 2, _ => backbone.Featurize([image!, image!]));
        }

        Assert.That(timings.Items(PipelineStage.Read), Is.EqualTo(1));
        Assert.That(timings.Items(PipelineStage.Decode), Is.EqualTo(1));
        Assert.That(timings.Items(PipelineStage.ColourToGray), Is.EqualTo(1));
        Assert.That(timings.Items(PipelineStage.Orientation), Is.EqualTo(1));
        Assert.That(timings.Items(PipelineStage.Fingerprint), Is.EqualTo(1));
        Assert.That(timings.Items(PipelineStage.Resize), Is.EqualTo(4), "from the parallel loop's threads and the backbone's own");
        Assert.That(timings.Items(PipelineStage.Tensor), Is.EqualTo(4));
        Assert.That(timings.Items(PipelineStage.Inference), Is.EqualTo(4));
        Assert.That(timings.Elapsed(PipelineStage.Inference), Is.GreaterThan(TimeSpan.Zero));

        // Closed: nothing more is added.
        backbone.Featurize([RadiographDecoder.Decode(path)]);
        Assert.That(timings.Items(PipelineStage.Inference), Is.EqualTo(4));
        timings.Reset();
        Assert.That(timings.Items(PipelineStage.Read), Is.Zero);
    }

    [Test]
    public void Scopes_nest_and_restore()
    {
        var outer = new PipelineStageTimings();
        var inner = new PipelineStageTimings();
        using (PipelineStageTimings.Collect(outer))
        {
            using (PipelineStageTimings.Collect(inner))
            {
                Assert.That(PipelineStageTimings.Current, Is.SameAs(inner));
            }

            Assert.That(PipelineStageTimings.Current, Is.SameAs(outer));
        }

        Assert.That(PipelineStageTimings.Current, Is.Null);
    }
}
