namespace JointDislocation.ML.Phantoms;

/// <summary>A 2-D point or vector; in millimetres in a joint's scene, in pixels once transformed.</summary>
internal readonly record struct Vec2(double X, double Y)
{
    public static Vec2 operator +(Vec2 a, Vec2 b) => new(a.X + b.X, a.Y + b.Y);

    public static Vec2 operator -(Vec2 a, Vec2 b) => new(a.X - b.X, a.Y - b.Y);

    public static Vec2 operator *(Vec2 a, double s) => new(a.X * s, a.Y * s);

    public double Length => Math.Sqrt((X * X) + (Y * Y));

    public Vec2 Normalized => this * (1.0 / Length);

    /// <summary>A unit vector at an angle in degrees from +x, turning towards +y (image rows grow downwards).</summary>
    public static Vec2 FromAngle(double degrees)
    {
        var r = degrees * Math.PI / 180.0;
        return new Vec2(Math.Cos(r), Math.Sin(r));
    }

    public Vec2 Rotate(double degrees)
    {
        var r = degrees * Math.PI / 180.0;
        var c = Math.Cos(r);
        var s = Math.Sin(r);
        return new Vec2((X * c) - (Y * s), (X * s) + (Y * c));
    }

    public static double Dot(Vec2 a, Vec2 b) => (a.X * b.X) + (a.Y * b.Y);
}

/// <summary>
/// Maps a scene in millimetres onto the image: optional mirror (the other side of the body), rotation, scale
/// (1 / pixel spacing) and translation. Shapes stay shapes under it, so they are transformed before rasterising.
/// </summary>
internal sealed class SceneTransform(Vec2 sceneCentre, Vec2 imageCentre, double pixelsPerMm, double rotationDegrees, bool mirror)
{
    private readonly double _cos = Math.Cos(rotationDegrees * Math.PI / 180.0);
    private readonly double _sin = Math.Sin(rotationDegrees * Math.PI / 180.0);

    public double PixelsPerMm { get; } = pixelsPerMm;

    public double MmPerPixel => 1.0 / PixelsPerMm;

    public bool Mirror { get; } = mirror;

    public Vec2 Point(Vec2 p) => Vector(p - sceneCentre) + imageCentre;

    public Vec2 Vector(Vec2 v)
    {
        var x = Mirror ? -v.X : v.X;
        return new Vec2(((x * _cos) - (v.Y * _sin)) * PixelsPerMm, ((x * _sin) + (v.Y * _cos)) * PixelsPerMm);
    }

    public double Length(double mm) => mm * PixelsPerMm;

    /// <summary>The direction angle (degrees) of a scene direction after the transform.</summary>
    public double Angle(double degrees)
    {
        var v = Vector(Vec2.FromAngle(degrees));
        return Math.Atan2(v.Y, v.X) * 180.0 / Math.PI;
    }
}
