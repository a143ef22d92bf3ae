using JointDislocation.ML.Phantoms;

namespace JointDislocation.ML.Tests.Phantoms;

/// <summary>The shared bone primitive: shafts with a thick diaphyseal cortex and a darker canal, trabecular systems
/// that thin out with osteoporosis (tensile first), and bone quality drawn from the seed.</summary>
public class BoneTextureTests
{
    private const double MmPerPixel = 0.25;

    [Test]
    public void A_shaft_shows_a_bright_cortex_around_a_darker_canal_and_a_thin_cortex_at_the_metaphysis()
    {
        var young = Render(BoneTexture.LongBone(new Vec2(20, 10), new Vec2(20, 190), 15, 13, 6, 60, BoneQuality.Young));

        // Across the diaphysis (150 mm down) the cortex, where the ray runs along it, outshines the canal's centre.
        var diaphysis = Row(young, 150);
        var centre = diaphysis[(int)(20 / MmPerPixel)];
        var edge = diaphysis.Max();
        Assert.That(edge, Is.GreaterThan(1.5 * centre), "no darker medullary canal");

        // The metaphysis (15 mm down) has a thin cortex round cancellous bone: flatter across than the diaphysis.
        var metaphysis = Row(young, 15);
        var metaphysisContrast = metaphysis.Max() / metaphysis[(int)(20 / MmPerPixel)];
        Assert.That(metaphysisContrast, Is.LessThan(edge / centre), "the cortex should thin towards the bone's end");
    }

    [Test]
    public void Osteoporotic_bone_has_a_thinner_cortex_and_fewer_tensile_than_compressive_trabeculae()
    {
        var young = Render(BoneTexture.LongBone(new Vec2(20, 10), new Vec2(20, 190), 15, 13, 6, 60, BoneQuality.Young));
        var old = Render(BoneTexture.LongBone(new Vec2(20, 10), new Vec2(20, 190), 15, 13, 6, 60, BoneQuality.Osteoporotic));
        Assert.That(Row(old, 150).Sum(), Is.LessThan(0.85 * Row(young, 150).Sum()));

        Vec2[] from = [new(0, 0), new(10, 0)];
        Vec2[] to = [new(0, 30), new(10, 30)];
        int Struts(BoneQuality quality, bool tensile, int seed) =>
            BoneTexture.Trabeculae(from, to, 40, tensile ? 5 : 0, tensile, quality, new DeterministicRandom(seed)).Count() / 6;

        var youngCompressive = Enumerable.Range(0, 10).Sum(s => Struts(BoneQuality.Young, false, s));
        var oldCompressive = Enumerable.Range(0, 10).Sum(s => Struts(BoneQuality.Osteoporotic, false, s));
        var oldTensile = Enumerable.Range(0, 10).Sum(s => Struts(BoneQuality.Osteoporotic, true, s));
        Assert.That(youngCompressive, Is.EqualTo(400), "young bone keeps every strut");
        Assert.That(oldCompressive, Is.InRange(200, 330));
        Assert.That(oldTensile, Is.LessThan(oldCompressive / 2));
    }

    [Test]
    public void Trabeculae_are_seeded_and_draw_the_same_amount_whatever_survives()
    {
        Vec2[] from = [new(0, 0), new(10, 0)];
        Vec2[] to = [new(0, 30), new(10, 30)];
        var a = BoneTexture.Trabeculae(from, to, 12, 3, true, new BoneQuality(0.7), new DeterministicRandom(5)).ToList();
        var b = BoneTexture.Trabeculae(from, to, 12, 3, true, new BoneQuality(0.7), new DeterministicRandom(5)).ToList();
        Assert.That(b, Is.EqualTo(a));

        // The stream advances by the same amount for young and osteoporotic bone, so what follows does not shift.
        var youngRng = new DeterministicRandom(9);
        var oldRng = new DeterministicRandom(9);
        _ = BoneTexture.Trabeculae(from, to, 12, 3, true, BoneQuality.Young, youngRng);
        _ = BoneTexture.Trabeculae(from, to, 12, 3, true, BoneQuality.Osteoporotic, oldRng);
        Assert.That(oldRng.NextUInt64(), Is.EqualTo(youngRng.NextUInt64()));
    }

    private static float[] Render(IEnumerable<Shape> shapes)
    {
        const int Size = 800;
        var texture = new float[Size * Size];
        Array.Fill(texture, 1f);
        var canvas = new AttenuationCanvas(Size, Size, MmPerPixel, texture);
        canvas.Add(new Body(shapes.ToList()), new SceneTransform(new Vec2(0, 0), new Vec2(0, 0), 1 / MmPerPixel, 0, false));
        return canvas.Total;
    }

    private static float[] Row(float[] image, double yMm)
    {
        const int Size = 800;
        var y = (int)(yMm / MmPerPixel);
        return image.AsSpan(y * Size, Size).ToArray();
    }
}
