namespace JointDislocation.ML.Augmentation;

/// <summary>
/// A 2-D affine map in continuous pixel coordinates (pixel (i, j) covers [i, i+1) × [j, j+1), its centre is
/// (i + 0.5, j + 0.5)): x' = A·x + B·y + C, y' = D·x + E·y + F.
/// </summary>
internal readonly record struct Affine(double A, double B, double C, double D, double E, double F)
{
    public static Affine Identity { get; } = new(1, 0, 0, 0, 1, 0);

    /// <summary>This map after <paramref name="first"/>: (this ∘ first)(p) = this(first(p)).</summary>
    public Affine After(Affine first) => new(
        (A * first.A) + (B * first.D),
        (A * first.B) + (B * first.E),
        (A * first.C) + (B * first.F) + C,
        (D * first.A) + (E * first.D),
        (D * first.B) + (E * first.E),
        (D * first.C) + (E * first.F) + F);

    public Affine Inverse()
    {
        var det = (A * E) - (B * D);
        if (Math.Abs(det) < 1e-12)
        {
            throw new InvalidOperationException("The geometric transform is singular.");
        }

        var ia = E / det;
        var ib = -B / det;
        var id = -D / det;
        var ie = A / det;
        return new Affine(ia, ib, -((ia * C) + (ib * F)), id, ie, -((id * C) + (ie * F)));
    }

    public (double X, double Y) Map(double x, double y) => ((A * x) + (B * y) + C, (D * x) + (E * y) + F);

    /// <summary>Rotation about (cx, cy); positive degrees turn the picture counter-clockwise as displayed.</summary>
    public static Affine Rotation(double degrees, double cx, double cy)
    {
        var (cos, sin) = CosSin(degrees);
        return new Affine(cos, sin, cx - (cos * cx) - (sin * cy), -sin, cos, cy + (sin * cx) - (cos * cy));
    }

    public static Affine Scale(double sx, double sy, double cx, double cy) =>
        new(sx, 0, cx - (sx * cx), 0, sy, cy - (sy * cy));

    public static Affine Translation(double dx, double dy) => new(1, 0, dx, 0, 1, dy);

    /// <summary>Cosine and sine of an angle in degrees, exact at multiples of 90° so quarter turns are lossless.</summary>
    private static (double Cos, double Sin) CosSin(double degrees)
    {
        var reduced = degrees % 360.0;
        if (reduced < 0)
        {
            reduced += 360.0;
        }

        return reduced switch
        {
            0.0 => (1.0, 0.0),
            90.0 => (0.0, 1.0),
            180.0 => (-1.0, 0.0),
            270.0 => (0.0, -1.0),
            _ => (Math.Cos(reduced * Math.PI / 180.0), Math.Sin(reduced * Math.PI / 180.0)),
        };
    }
}
