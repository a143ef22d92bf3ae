namespace JointDislocation.ML.Phantoms;

/// <summary>
/// One solid of a phantom, seen in projection: its value at a pixel is Σ μ·path (attenuation, dimensionless)
/// along the ray through that pixel. Attenuation coefficients are per millimetre and net of the soft tissue the
/// solid displaces.
/// </summary>
internal abstract record Shape
{
    public abstract Shape ToPixels(SceneTransform t);

    public abstract void Rasterise(AttenuationCanvas canvas);
}

/// <summary>
/// An ellipsoid with one axis along the ray: a humeral or femoral head, a tuberosity, a flat plate of bone when
/// <see cref="Depth"/> is small. A shell of <see cref="Cortex"/> has <see cref="MuCortex"/>; the inside has
/// <see cref="MuInner"/>, modulated by the trabecular texture when <see cref="Textured"/>. Seen in projection the
/// shell is brightest at the outline, where the ray runs along it, as cortex is on a radiograph.
/// </summary>
internal sealed record Ellipsoid(Vec2 Centre, double A, double B, double AngleDegrees, double Depth, double Cortex, double MuCortex, double MuInner, bool Textured) : Shape
{
    public override Shape ToPixels(SceneTransform t) => this with
    {
        Centre = t.Point(Centre),
        A = t.Length(A),
        B = t.Length(B),
        AngleDegrees = t.Angle(AngleDegrees),
        Depth = t.Length(Depth),
        Cortex = t.Length(Cortex),
    };

    public override void Rasterise(AttenuationCanvas canvas) => canvas.DrawEllipsoid(this);
}

/// <summary>
/// A tapered tube between two points with rounded ends (a capsule): the shaft of a long bone, a rib, a rim line,
/// a limb's soft tissue. The cross-section is a circle squashed along the ray by <see cref="DepthScale"/>.
/// </summary>
internal sealed record Capsule(Vec2 P0, Vec2 P1, double R0, double R1, double DepthScale, double Cortex, double MuCortex, double MuInner, bool Textured) : Shape
{
    /// <summary>Cut square at both ends instead of rounded: a shaft that runs into a metaphysis.</summary>
    public bool FlatEnds { get; init; }

    public override Shape ToPixels(SceneTransform t) => this with
    {
        P0 = t.Point(P0),
        P1 = t.Point(P1),
        R0 = t.Length(R0),
        R1 = t.Length(R1),
        Cortex = t.Length(Cortex),
    };

    public override void Rasterise(AttenuationCanvas canvas) => canvas.DrawCapsule(this);
}

/// <summary>
/// A hemispherical shell seen from the side (an acetabular cup): the half-disc on the dome's side of the opening,
/// with the path through a spherical shell. <see cref="DomeAngleDegrees"/> points from the centre to the pole.
/// </summary>
internal sealed record CupShell(Vec2 Centre, double OuterRadius, double InnerRadius, double DomeAngleDegrees, double Mu) : Shape
{
    public override Shape ToPixels(SceneTransform t) => this with
    {
        Centre = t.Point(Centre),
        OuterRadius = t.Length(OuterRadius),
        InnerRadius = t.Length(InnerRadius),
        DomeAngleDegrees = t.Angle(DomeAngleDegrees),
    };

    public override void Rasterise(AttenuationCanvas canvas) => canvas.DrawCup(this);
}

/// <summary>
/// A plate of bone with an outline of any shape: closed loops (the first the outline, further ones holes, filled
/// by the even–odd rule) and a half-thickness <see cref="HalfDepth"/> along the ray. Its edges are rounded with
/// radius <see cref="HalfDepth"/>, so a ray near an edge runs along the cortex for a long way and the outline
/// shows as a bright line, as the iliac crest, the rim of the obturator foramen or the olecranon do; a plate as
/// wide as twice its half-thickness projects like a tube. Edges marked open (joins into another shape of the same
/// bone) get no rounded rim.
/// </summary>
internal sealed record Slab(IReadOnlyList<SlabLoop> Loops, double HalfDepth, double Cortex, double MuCortex, double MuInner, bool Textured) : Shape
{
    public override Shape ToPixels(SceneTransform t) => this with
    {
        Loops = Loops.Select(l => l with { Points = l.Points.Select(t.Point).ToArray() }).ToArray(),
        HalfDepth = t.Length(HalfDepth),
        Cortex = t.Length(Cortex),
    };

    public override void Rasterise(AttenuationCanvas canvas) => canvas.DrawSlab(this);
}

/// <summary>A closed outline of a <see cref="Slab"/>; edge i runs from point i to point i + 1 (wrapping).</summary>
internal sealed record SlabLoop(Vec2[] Points, bool[]? Open = null);

/// <summary>
/// A bone, an implant or a soft-tissue envelope: shapes united by their maximum (a bone does not overlap itself),
/// then added to everything else along the ray (overlapping bones do add up). A negative sign removes attenuation,
/// for air in the lungs.
/// </summary>
internal sealed record Body(IReadOnlyList<Shape> Shapes, double Sign = 1.0)
{
    /// <summary>An implant (metal, cement): its pixels are kept out of the exposure metering and shown through the
    /// metal look-up table, even where it is not thick enough to saturate.</summary>
    public bool Implant { get; init; }
}

/// <summary>Helpers that build common shapes.</summary>
internal static class ShapeBuilder
{
    /// <summary>A polyline of capsules with linearly varying radius along its length.</summary>
    public static IEnumerable<Shape> Polyline(IReadOnlyList<Vec2> points, double r0, double r1, double depthScale, double cortex, double muCortex, double muInner, bool textured)
    {
        var total = 0.0;
        for (var i = 1; i < points.Count; i++)
        {
            total += (points[i] - points[i - 1]).Length;
        }

        var run = 0.0;
        for (var i = 1; i < points.Count; i++)
        {
            var length = (points[i] - points[i - 1]).Length;
            var ra = r0 + ((r1 - r0) * run / total);
            run += length;
            var rb = r0 + ((r1 - r0) * run / total);
            yield return new Capsule(points[i - 1], points[i], ra, rb, depthScale, cortex, muCortex, muInner, textured);
        }
    }

    /// <summary>Points along a circular arc, angles in degrees (0 = +x, 90 = +y, downwards).</summary>
    public static Vec2[] Arc(Vec2 centre, double radius, double fromDegrees, double toDegrees, int segments)
    {
        var points = new Vec2[segments + 1];
        for (var i = 0; i <= segments; i++)
        {
            var angle = fromDegrees + ((toDegrees - fromDegrees) * i / segments);
            points[i] = centre + (Vec2.FromAngle(angle) * radius);
        }

        return points;
    }

    /// <summary>
    /// A smooth closed outline through control points (a closed Catmull–Rom spline, <paramref name="perSpan"/>
    /// points per span). Spans listed in <paramref name="openSpans"/> (from control point i to i + 1) stay straight
    /// and are marked open.
    /// </summary>
    public static SlabLoop SmoothLoop(IReadOnlyList<Vec2> control, int perSpan = 6, params int[] openSpans)
    {
        var n = control.Count;
        var points = new List<Vec2>(n * perSpan);
        var open = new List<bool>(n * perSpan);
        for (var i = 0; i < n; i++)
        {
            var p0 = control[(i + n - 1) % n];
            var p1 = control[i];
            var p2 = control[(i + 1) % n];
            var p3 = control[(i + 2) % n];
            var isOpen = Array.IndexOf(openSpans, i) >= 0;
            if (isOpen)
            {
                points.Add(p1);
                open.Add(true);
                continue;
            }

            for (var k = 0; k < perSpan; k++)
            {
                var t = (double)k / perSpan;
                var t2 = t * t;
                var t3 = t2 * t;
                points.Add(((p1 * 2) + ((p2 - p0) * t) + ((p0 * 2) - (p1 * 5) + (p2 * 4) - p3) * t2 + ((p1 * 3) - p0 - (p2 * 3) + p3) * t3) * 0.5);
                open.Add(false);
            }
        }

        return new SlabLoop(points.ToArray(), open.ToArray());
    }

    /// <summary>An ellipse outline as a loop (a hole or a whole outline), angle in degrees.</summary>
    public static SlabLoop EllipseLoop(Vec2 centre, double a, double b, double angleDegrees, int segments = 28)
    {
        var points = new Vec2[segments];
        for (var i = 0; i < segments; i++)
        {
            var t = 2 * Math.PI * i / segments;
            points[i] = centre + new Vec2(a * Math.Cos(t), b * Math.Sin(t)).Rotate(angleDegrees);
        }

        return new SlabLoop(points);
    }
}
