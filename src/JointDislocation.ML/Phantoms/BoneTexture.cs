namespace JointDislocation.ML.Phantoms;

/// <summary>
/// The quality of one person's bone, drawn once per image from the anatomy stream (never from the label): young
/// bone has a thick cortex, dense cancellous bone and many fine trabeculae; osteoporotic bone a thin cortex, sparse
/// cancellous bone and fewer, coarser trabeculae, the tensile ones lost first (the Singh index).
/// </summary>
/// <param name="Porosity">0 young and dense … 1 severely osteoporotic.</param>
internal sealed record BoneQuality(double Porosity)
{
    /// <summary>Dense young adult bone.</summary>
    public static BoneQuality Young { get; } = new(0.0);

    /// <summary>Severely osteoporotic bone.</summary>
    public static BoneQuality Osteoporotic { get; } = new(1.0);

    /// <summary>Cortical thickness relative to a young adult's (1 … 0.6).</summary>
    public double CortexScale => 1.0 - (0.4 * Porosity);

    /// <summary>Cancellous attenuation relative to a young adult's (1 … 0.6).</summary>
    public double CancellousScale => 1.0 - (0.4 * Porosity);

    /// <summary>Share of the trabeculae a young adult has, per system (compressive keeps more than tensile).</summary>
    public double Survival(bool tensile) => tensile ? 1.0 - (0.75 * Porosity) : 1.0 - (0.35 * Porosity);

    /// <summary>Radius of one trabecular strut in mm (fine when young, coarse when osteoporotic).</summary>
    public double StrutRadiusMm => 0.35 + (0.3 * Porosity);

    /// <summary>
    /// Draws a person's bone: most adults between young and mildly osteopenic, about a quarter clearly osteoporotic
    /// (the typical hip-fracture and arthroplasty age).
    /// </summary>
    public static BoneQuality Draw(DeterministicRandom rng) =>
        new(rng.Chance(0.25) ? rng.Uniform(0.55, 1.0) : rng.Uniform(0.0, 0.45));
}

/// <summary>
/// The shared bone-rendering primitive for every joint: long-bone shafts whose cortex is thick along the diaphysis
/// and thin at the metaphysis (a darker medullary canal between), and oriented trabecular systems drawn as families
/// of thin plate-like struts between two guide curves, which add density on top of the bone they lie in (a bone's
/// own shapes are united by their maximum; the struts are a separate <see cref="Body"/> and add up). Everything is
/// built from the canvas's analytic shapes, so it costs a few hundred small capsules per image.
/// </summary>
/// <remarks>
/// Usage: <c>scene.Bodies.Add(new Body(BoneTexture.LongBone(...)))</c> for a shaft (put it in the same body as the
/// bone's end so they unite), and <c>scene.Bodies.Add(new Body(BoneTexture.Trabeculae(...)))</c> per trabecular
/// system, with guide curves inside the bone's outline: for the femoral neck, the compressive system runs from the
/// head's upper surface to the medial neck cortex (calcar) and the tensile system arches from below the head across
/// the neck to the lateral cortex under the greater trochanter; Ward's triangle is the gap they leave. In the
/// proximal humerus, the same call with guides from the head's articular surface to the medial and lateral
/// metaphyseal cortex gives its arcades.
/// </remarks>
internal static class BoneTexture
{
    /// <summary>Attenuation of a strut plate per mm of path, net; with its depth scale a strut adds up to about 0.17.</summary>
    private const double StrutMu = Mu.Cortex * 0.4;

    /// <summary>
    /// A long bone's shaft from the metaphysis (<paramref name="start"/>) down the diaphysis to <paramref name="end"/>:
    /// a run of flat-ended cortical tubes whose cortex grows from about 1.5 mm at the metaphysis to
    /// <paramref name="cortexMm"/> (scaled by the bone quality) over <paramref name="flareMm"/>, the metaphyseal part
    /// filled with textured cancellous bone, the diaphysis with marrow (the darker medullary canal).
    /// </summary>
    /// <param name="start">Upper end (the metaphysis), in mm.</param>
    /// <param name="end">Lower end, in mm.</param>
    /// <param name="radiusStart">Outer radius at <paramref name="start"/>.</param>
    /// <param name="radiusEnd">Outer radius at <paramref name="end"/>.</param>
    /// <param name="cortexMm">Cortical thickness of the diaphysis of young bone (femur 5–7 mm, humerus 3–5 mm).</param>
    /// <param name="flareMm">Length over which the cortex thickens from the metaphysis.</param>
    /// <param name="quality">The person's bone quality.</param>
    public static IEnumerable<Shape> LongBone(Vec2 start, Vec2 end, double radiusStart, double radiusEnd, double cortexMm, double flareMm, BoneQuality quality)
    {
        var axis = end - start;
        var length = axis.Length;
        var direction = axis * (1.0 / length);
        var cortex = cortexMm * quality.CortexScale;
        double[] stops = [0, flareMm * 0.2, flareMm * 0.4, flareMm * 0.6, flareMm * 0.8, flareMm, length];
        for (var i = 0; i + 1 < stops.Length; i++)
        {
            var a = Math.Min(stops[i], length);
            var b = Math.Min(stops[i + 1], length);
            if (b - a < 1e-6)
            {
                continue;
            }

            var ra = radiusStart + ((radiusEnd - radiusStart) * a / length);
            var rb = radiusStart + ((radiusEnd - radiusStart) * b / length);
            var t = Math.Min(1.0, (a + b) / (2 * flareMm));
            var wall = 1.5 + ((cortex - 1.5) * t);
            // The cancellous metaphysis gives way to the marrow of the canal step by step, not at one edge.
            var inner = (Mu.Cancellous * quality.CancellousScale * (1 - t)) + (Mu.Marrow * t);
            yield return new Capsule(start + (direction * a), start + (direction * b), ra, rb, 1.0, Math.Min(wall, Math.Min(ra, rb) * 0.6), Mu.Cortex,
                inner, t < 0.7) { FlatEnds = true };
        }
    }

    /// <summary>
    /// One trabecular system: <paramref name="count"/> struts (thinned by the bone quality) from points spread along
    /// <paramref name="from"/> to the matching points along <paramref name="to"/>, each bowed sideways by
    /// <paramref name="bowMm"/> (positive to the left of its run) and jittered a little, as thin plates that add
    /// density to the bone they lie in. Draws a fixed number of values from <paramref name="rng"/> whatever survives.
    /// </summary>
    /// <param name="from">Where the struts start (e.g. the head's subchondral surface), at least two points.</param>
    /// <param name="to">Where they end (e.g. the calcar), at least two points.</param>
    /// <param name="count">Struts in young bone.</param>
    /// <param name="bowMm">Sideways bow of each strut's middle: 0 straight (compressive), large for arches (tensile).</param>
    /// <param name="tensile">Whether this system is lost first in osteoporosis.</param>
    /// <param name="quality">The person's bone quality.</param>
    /// <param name="rng">The anatomy stream.</param>
    public static IEnumerable<Shape> Trabeculae(IReadOnlyList<Vec2> from, IReadOnlyList<Vec2> to, int count, double bowMm, bool tensile, BoneQuality quality, DeterministicRandom rng)
    {
        var shapes = new List<Shape>();
        var survival = quality.Survival(tensile);
        var radius = quality.StrutRadiusMm;
        for (var i = 0; i < count; i++)
        {
            var u = (i + 0.5 + rng.Uniform(-0.3, 0.3)) / count;
            var keep = rng.NextDouble() < survival;
            var bow = bowMm * rng.Uniform(0.8, 1.2);
            var strength = rng.Uniform(0.6, 1.0);
            if (!keep)
            {
                continue;
            }

            var a = Along(from, u);
            var b = Along(to, u);
            var run = b - a;
            var normal = new Vec2(run.Y, -run.X).Normalized;
            const int Segments = 6;
            var points = new Vec2[Segments + 1];
            for (var k = 0; k <= Segments; k++)
            {
                var t = (double)k / Segments;
                points[k] = a + (run * t) + (normal * (bow * 4 * t * (1 - t)));
            }

            // A plate of trabeculae seen edge-on: thin in the image, deep along the ray.
            shapes.AddRange(ShapeBuilder.Polyline(points, radius, radius, 10.0 * strength, 0, StrutMu, StrutMu, false));
        }

        return shapes;
    }

    /// <summary>The point at fraction <paramref name="u"/> of a polyline's length.</summary>
    private static Vec2 Along(IReadOnlyList<Vec2> line, double u)
    {
        var total = 0.0;
        for (var i = 1; i < line.Count; i++)
        {
            total += (line[i] - line[i - 1]).Length;
        }

        var target = Math.Clamp(u, 0, 1) * total;
        for (var i = 1; i < line.Count; i++)
        {
            var length = (line[i] - line[i - 1]).Length;
            if (target <= length || i == line.Count - 1)
            {
                return line[i - 1] + ((line[i] - line[i - 1]) * (length > 0 ? Math.Min(1, target / length) : 0));
            }

            target -= length;
        }

        return line[0];
    }
}
