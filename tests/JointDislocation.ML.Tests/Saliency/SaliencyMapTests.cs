using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;
using JointDislocation.ML.Saliency;

namespace JointDislocation.ML.Tests.Saliency;

public class SaliencyMapTests
{
    [Test]
    public void Min_max_mean_and_peak()
    {
        var map = new SaliencyMap(3, 2, [1, 5, -2, 5, 0, 3]);

        Assert.That(map.Min, Is.EqualTo(-2f));
        Assert.That(map.Max, Is.EqualTo(5f));
        Assert.That(map.Mean, Is.EqualTo(2.0));
        Assert.That(map.Peak, Is.EqualTo((1, 0)), "ties go to the first in row-major order");
        Assert.That(map[2, 1], Is.EqualTo(3f));
    }

    [Test]
    public void Peak_and_range_ignore_what_the_network_did_not_see()
    {
        var map = new SaliencyMap(4, 1, [9, 1, 2, -9], coverage: new PixelBox(1, 0, 2, 1));

        Assert.That(map.Peak, Is.EqualTo((2, 0)));
        Assert.That(map.Max, Is.EqualTo(2f));
        Assert.That(map.Min, Is.EqualTo(1f));
    }

    [Test]
    public void Bad_buffers_are_rejected_with_the_reason()
    {
        Assert.That(() => new SaliencyMap(2, 2, new float[3]), Throws.ArgumentException.With.Message.Contains("Expected 4 values"));
        Assert.That(() => new SaliencyMap(2, 1, [0, float.NaN]), Throws.ArgumentException.With.Message.Contains("(x 1, y 0)"));
        Assert.That(() => new SaliencyMap(2, 2, new float[4], new PixelBox(5, 5, 2, 2)), Throws.ArgumentException.With.Message.Contains("does not overlap"));
        Assert.That(() => new SaliencyMap(0, 2, []), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
