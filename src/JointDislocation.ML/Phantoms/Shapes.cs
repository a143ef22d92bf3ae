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
/// A bone, an implant or a soft-tissue envelope: shapes united by their maximum (a bone does not overlap itself),
/// then added to everything else along the ray (overlapping bones do add up). A negative sign removes attenuation,
/// for air in the lungs.
/// </summary>
internal sealed record Body(IReadOnlyList<Shape> Shapes, double Sign = 1.0);

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
}
