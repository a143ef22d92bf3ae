namespace JointDislocation.ML.Phantoms;

/// <summary>
/// A joint laid out in millimetres, before projection onto an image: the bodies to render, where the socket and
/// the (possibly displaced) head are, and what the region of interest must include.
/// </summary>
internal sealed class JointScene
{
    public List<Body> Bodies { get; } = [];

    /// <summary>Centre of the socket (glenoid, trochlea, acetabulum, cup).</summary>
    public Vec2 Socket { get; set; }

    /// <summary>Centre of the head (humeral head, radial head, femoral head, prosthetic ball) as rendered.</summary>
    public Vec2 Head { get; set; }

    public double HeadRadius { get; set; }

    /// <summary>Circles the region of interest must contain: the socket and the head, wherever it went.</summary>
    public List<(Vec2 Centre, double Radius)> RoiCircles { get; } = [];

    /// <summary>
    /// Circles the framing must keep in view, the same for both labels: the socket, the located head and where the
    /// head would go if dislocated (drawn for every image from the displacement stream). The view is placed and
    /// exposed from these, never from <see cref="RoiCircles"/>, so framing and exposure cannot depend on the label.
    /// </summary>
    public List<(Vec2 Centre, double Radius)> FramingCircles { get; } = [];

    public double DisplacementMm { get; set; }

    /// <summary>
    /// Further regions left out of the exposure metering, the same for both labels: capsules (two ends and a radius,
    /// in mm) around the bones that move with the head, drawn at the located and at the potential position (the
    /// hip's femur), so that the window does not follow where they went.
    /// </summary>
    public List<(Vec2 A, Vec2 B, double Radius)> MeteringExclusions { get; } = [];

    /// <summary>
    /// Where a whole-pelvis view centres (between the hips, at the level of the acetabula), for joints that have
    /// one; <see langword="null"/> otherwise. The same for both labels.
    /// </summary>
    public Vec2? PelvisCentre { get; set; }

    /// <summary>The projection's usual name, burned into hospital images (AP, LAT).</summary>
    public string View { get; set; } = "AP";

    /// <summary>The anatomical variant, for the record: located, anterior, posterior, superior …</summary>
    public string Variant { get; set; } = "located";

    public void Add(params Shape[] shapes) => Bodies.Add(new Body(shapes));

    public void Add(IEnumerable<Shape> shapes) => Bodies.Add(new Body(shapes.ToArray()));
}

/// <summary>Net attenuation coefficients per millimetre at an effective energy of about 60 keV, with soft tissue
/// lowered and bone raised a little: they stand in for scatter rejection and the site's look-up table.</summary>
internal static class Mu
{
    /// <summary>Soft tissue (water-like).</summary>
    public const double Soft = 0.012;

    /// <summary>Cortical bone, net of the soft tissue it replaces.</summary>
    public const double Cortex = 0.060;

    /// <summary>Cancellous bone, net.</summary>
    public const double Cancellous = 0.020;

    /// <summary>Fatty marrow of a shaft, net (slightly below soft tissue).</summary>
    public const double Marrow = 0.002;

    /// <summary>Titanium alloy, net.</summary>
    public const double Titanium = 0.10;

    /// <summary>Cobalt-chrome: practically opaque.</summary>
    public const double CobaltChrome = 1.2;
}

/// <summary>
/// How far a dislocated head moves. Each dislocated image draws its own severity in [0, 1] (0 gross, 1 a subtle
/// subluxation) as u^((1 − d) / d) for u uniform, whose mean is the difficulty d: difficulty 0 gives only gross
/// dislocations, 1 only subtle ones, and in between a range with some subtle cases, so that a classifier is not
/// trivially perfect.
/// </summary>
internal static class Displacement
{
    public static double Severity(double difficulty, DeterministicRandom rng)
    {
        var u = rng.Uniform(0.0, 1.0);
        if (difficulty <= 0)
        {
            return 0.0;
        }

        return difficulty >= 1 ? 1.0 : Math.Pow(u, (1.0 - difficulty) / difficulty);
    }

    public static double Scale(double gross, double subtle, double severity, DeterministicRandom rng) =>
        ((gross * (1.0 - severity)) + (subtle * severity)) * rng.Uniform(0.85, 1.15);
}
