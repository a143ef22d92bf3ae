using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Phantoms;

/// <summary>A generated radiograph and its ground truth.</summary>
/// <param name="Image">The radiograph, 8-bit grayscale.</param>
/// <param name="Joint">The joint shown.</param>
/// <param name="Dislocated">Whether it is dislocated.</param>
/// <param name="Style">Its finish.</param>
/// <param name="DisplacementMm">How far the head lies from its located position, in millimetres (under 1 mm when located).</param>
/// <param name="Variant">The kind of dislocation (for example <c>anterior-subcoracoid</c>, <c>posterior</c>) or <c>located</c>.</param>
/// <param name="Roi">The joint's region of interest in pixels: socket and head, including a displaced head.</param>
/// <param name="HeadX">Column of the head's centre (humeral, radial or femoral head, or prosthetic ball).</param>
/// <param name="HeadY">Row of the head's centre.</param>
/// <param name="Artifacts">Boxes of burned-in content (text, markers, arrows, circles, letters, watermarks) and of the regions added around the radiograph (collimation and screenshot borders, toolbar, caption, a second panel).</param>
/// <param name="MmPerPixel">Pixel spacing of the saved image.</param>
public sealed record PhantomResult(
    GrayImage Image,
    Joint Joint,
    bool Dislocated,
    PhantomStyle Style,
    double DisplacementMm,
    string Variant,
    PixelBox Roi,
    double HeadX,
    double HeadY,
    IReadOnlyList<PixelBox> Artifacts,
    double MmPerPixel)
{
    /// <summary>Column of the socket's centre (glenoid, trochlea, acetabulum or cup).</summary>
    public double SocketX { get; init; }

    /// <summary>Row of the socket's centre.</summary>
    public double SocketY { get; init; }

    /// <summary>The view's in-plane rotation in degrees (the same distribution for both labels).</summary>
    public double RotationDegrees { get; init; }

    /// <summary>The label: <c>dislocated</c> or <c>located</c>.</summary>
    public string Label => PhantomLabels.For(Dislocated);
}
