using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Phantoms;

/// <summary>
/// Generates synthetic radiographs of the four joints, located or dislocated, in the internet or the hospital
/// style, with their ground truth. The anatomy is built in millimetres from ranges of adult sizes, projected as
/// Σ μ·path along each ray, then passed through a small model of the detector and of how the image was finished.
/// </summary>
/// <remarks>
/// Every random choice flows from the seed, in five independent streams (anatomy, displacement, view, detector,
/// finish), so the same options and seed give the same pixels. Only the displacement stream concerns the label, and
/// it is drawn in full for both labels (a located joint draws where its head would have gone and ignores it), so no
/// other draw depends on the label through the stream. The view is placed around, and the exposure measured outside,
/// the <see cref="JointScene.FramingCircles"/>: the socket, the located head and where the head would go, the same
/// for both labels, so that framing and exposure do not give the label away.
/// </remarks>
public static class PhantomGenerator
{
    /// <summary>Generates one phantom.</summary>
    /// <param name="options">What to show.</param>
    /// <param name="seed">The seed every random choice flows from.</param>
    /// <returns>The image and its ground truth.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static PhantomResult Generate(PhantomOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var detectorRng = new DeterministicRandom(SeedDerivation.Derive(seed, "detector"));
        var finishRng = new DeterministicRandom(SeedDerivation.Derive(seed, "finish"));
        var internet = options.Style == PhantomStyle.Internet;

        // Each stage draws only from its own stream, in a fixed order; the detector stream runs on through
        // projection, detector and windowing, so those three are called in this order and nowhere else. The internet
        // figure is planned (from the finish stream) before anything is rendered, from the view alone.
        var (scene, view) = SceneAndView(options, seed);
        var framing = FramingBox(scene, view);
        var figure = internet ? PlanFigure(options, scene, view, framing, finishRng) : null;
        var (signal, metal, saturated) = Project(scene, view, detectorRng);
        var exposureMask = ExposureMask(scene, view, metal);
        Detect(signal, exposureMask, view, internet, detectorRng);
        var pixels = Window(signal, metal, saturated, exposureMask, internet, detectorRng);
        var (image, artifacts) = figure is not null
            ? InternetFinish.Apply(figure, pixels, framing)
            : Hospital(pixels, view, framing, scene, finishRng);
        var head = MapPoint(figure, view.Transform.Point(scene.Head));
        var socket = MapPoint(figure, view.Transform.Point(scene.Socket));

        return new PhantomResult(
            image,
            options.Joint,
            options.Dislocated,
            options.Style,
            Math.Round(scene.DisplacementMm, 2),
            scene.Variant,
            figure?.Map(view.Roi) ?? view.Roi,
            head.X,
            head.Y,
            artifacts,
            1 / view.PixelsPerMm / (figure?.ScaleX ?? 1))
        {
            SocketX = socket.X,
            SocketY = socket.Y,
            RotationDegrees = view.RotationDegrees,
        };
    }

    /// <summary>
    /// The framing alone (size, scale, rotation, mirroring, where the socket and the framing box land), without
    /// projecting anything: what <see cref="Generate"/> would frame for these options and seed.
    /// </summary>
    internal static PhantomFraming Framing(PhantomOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var (scene, view) = SceneAndView(options, seed);
        var framing = FramingBox(scene, view);
        var figure = options.Style == PhantomStyle.Internet ? PlanFigure(options, scene, view, framing, new DeterministicRandom(SeedDerivation.Derive(seed, "finish"))) : null;
        var socket = MapPoint(figure, view.Transform.Point(scene.Socket));
        return new PhantomFraming(
            figure?.Width ?? view.Width,
            figure?.Height ?? view.Height,
            1 / view.PixelsPerMm / (figure?.ScaleX ?? 1),
            view.RotationDegrees,
            view.Mirror,
            socket.X,
            socket.Y,
            figure?.Map(framing) ?? framing,
            scene.View,
            view.Field,
            figure);
    }

    /// <summary>The internet figure around this view: drawn from the finish stream, placed from the framing box only.</summary>
    private static FigurePlan PlanFigure(PhantomOptions options, JointScene scene, PhantomView view, PixelBox framing, DeterministicRandom finishRng)
    {
        var joint = options.Joint switch
        {
            Joint.Shoulder => "SHOULDER",
            Joint.Elbow => "ELBOW",
            Joint.Hip => "HIP",
            _ => "HIP ARTHROPLASTY",
        };
        var projection = scene.View == "AP" ? "AP" : "LATERAL";
        var subject = $"{projection} RADIOGRAPH OF THE {(view.Mirror ? "LEFT" : "RIGHT")} {joint}";
        return InternetFinish.Plan(view.Width, view.Height, options.Width is not null || options.Height is not null, framing, subject, finishRng);
    }

    private static (GrayImage Image, PixelBox[] Artifacts) Hospital(byte[] pixels, PhantomView view, PixelBox framing, JointScene scene, DeterministicRandom finishRng)
    {
        var artifacts = HospitalFinish.Apply(pixels, view.Width, view.Height, framing, scene.View, view.Mirror, finishRng);
        return (new GrayImage(view.Width, view.Height, pixels), artifacts);
    }

    private static Vec2 MapPoint(FigurePlan? figure, Vec2 p) => figure?.Map(p) ?? p;

    /// <summary>The anatomy (from the anatomy and displacement streams) and the view (from the view stream).</summary>
    private static (JointScene Scene, PhantomView View) SceneAndView(PhantomOptions options, int seed)
    {
        var anatomyRng = new DeterministicRandom(SeedDerivation.Derive(seed, "anatomy"));
        var signRng = new DeterministicRandom(SeedDerivation.Derive(seed, "displacement"));
        var viewRng = new DeterministicRandom(SeedDerivation.Derive(seed, "view"));
        var scene = BuildAnatomy(options, anatomyRng, signRng);
        var view = DrawView(options, options.Style == PhantomStyle.Internet, scene, viewRng);
        return (scene, view);
    }

    /// <summary>Anatomy: the joint's bodies in millimetres, located or displaced by the difficulty.</summary>
    private static JointScene BuildAnatomy(PhantomOptions options, DeterministicRandom rng, DeterministicRandom sign) => options.Joint switch
    {
        Joint.Shoulder => ShoulderAnatomy.Build(rng, sign, options.Dislocated, options.Difficulty),
        Joint.Elbow => ElbowAnatomy.Build(rng, sign, options.Dislocated, options.Difficulty),
        Joint.Hip => HipAnatomy.Build(rng, sign, options.Dislocated, options.Difficulty, arthroplasty: false),
        _ => HipAnatomy.Build(rng, sign, options.Dislocated, options.Difficulty, arthroplasty: true),
    };

    /// <summary>View: image size, field of view, rotation, mirroring and shift, and where that puts the scene.</summary>
    private static PhantomView DrawView(PhantomOptions options, bool internet, JointScene scene, DeterministicRandom rng)
    {
        var (width, height) = DrawSize(options, internet, rng);
        var profile = ViewProfile.For(options.Joint);
        var (fovLow, fovHigh) = internet ? profile.InternetFieldMm : profile.HospitalFieldMm;
        var field = "joint";
        var anchor = scene.Socket;
        var (shiftRange, rotationRange) = (0.2, profile.RotationDegrees);
        if (profile.Pelvis is { } pelvis && scene.PelvisCentre is { } pelvisCentre)
        {
            // Hip and THA: a whole AP pelvis (landscape, centred between the hips), a unilateral hip or a close-up,
            // drawn from the view stream, so the same for both labels.
            var u = rng.NextDouble();
            if (u < pelvis.PelvisShare)
            {
                field = "pelvis";
                (fovLow, fovHigh) = internet ? pelvis.InternetPelvisFieldMm : pelvis.HospitalPelvisFieldMm;
                anchor = pelvisCentre;
                (shiftRange, rotationRange) = (0.04, profile.RotationDegrees * 0.5);
                if (options.Width is null && options.Height is null)
                {
                    // A pelvis film is landscape, at least 5:4.
                    (width, height) = (Math.Max(width, height), Math.Min(width, height));
                    width = Math.Max(width, (int)Math.Round(height * 1.25));
                }
            }
            else if (u < pelvis.PelvisShare + pelvis.CloseUpShare)
            {
                field = "close-up";
                (fovLow, fovHigh) = pelvis.CloseUpFieldMm;
            }
        }

        var pixelsPerMm = Math.Min(width, height) / rng.Uniform(fovLow, fovHigh);
        var rotation = rng.Uniform(-rotationRange, rotationRange) + profile.BaseRotationDegrees;
        var mirror = rng.Chance(0.5);
        var shiftX = rng.Uniform(-shiftRange, shiftRange) * width;
        var shiftY = rng.Uniform(-shiftRange, shiftRange) * height;
        var transform = Place(scene, anchor, width, height, ref pixelsPerMm, rotation, mirror, shiftX, shiftY, out var roi);
        return new PhantomView(width, height, pixelsPerMm, rotation, mirror, transform, roi, field);
    }

    /// <summary>
    /// Projection: Σ μ·path along each ray over trabecular-textured bodies; metal (if any) is masked and clamped.
    /// </summary>
    private static (float[] Signal, bool[]? Metal, bool[]? Saturated) Project(JointScene scene, PhantomView view, DeterministicRandom detectorRng)
    {
        var mmPerPixel = 1 / view.PixelsPerMm;
        var texture = XrayDetector.TrabecularTexture(view.Width, view.Height, mmPerPixel, detectorRng);
        var canvas = new AttenuationCanvas(view.Width, view.Height, mmPerPixel, texture);
        foreach (var body in scene.Bodies)
        {
            canvas.Add(body, view.Transform);
        }

        var signal = canvas.Total;
        var saturated = MetalMask(signal);
        var metal = saturated;
        if (canvas.ImplantMask is { } implant)
        {
            // Implants too thin to saturate (a titanium stem, a cup's dome, cement) are metered out all the same.
            metal = saturated is null ? implant : saturated.Select((m, i) => m || implant[i]).ToArray();
        }

        if (saturated is not null)
        {
            // Metal saturates; clamping it here keeps the processing below from ringing around it.
            var ceiling = XrayDetector.Quantiles(signal, metal!, 0.999)[0];
            for (var i = 0; i < signal.Length; i++)
            {
                signal[i] = Math.Min(signal[i], ceiling + 1f);
            }
        }

        return (signal, metal, saturated);
    }

    /// <summary>Detector: unsharpness, heel effect and quantum noise, then the site's large-scale equalisation.</summary>
    private static void Detect(float[] signal, bool[] exposureMask, PhantomView view, bool internet, DeterministicRandom detectorRng)
    {
        var (width, height, pixelsPerMm) = (view.Width, view.Height, view.PixelsPerMm);
        var blurMm = detectorRng.Uniform(0.15, 0.35) + (internet ? detectorRng.Uniform(0.0, 0.25) : 0.0);
        XrayDetector.Blur(signal, width, height, Math.Max(0.6, blurMm * pixelsPerMm));
        var levels = XrayDetector.Quantiles(signal, exposureMask, 0.01, 0.5, 0.99);
        var median = levels[1];
        var range = Math.Max(levels[2] - levels[0], 0.5f);
        var noise = range * (internet ? detectorRng.Uniform(0.004, 0.012) : detectorRng.Uniform(0.012, 0.028));
        XrayDetector.AddNoiseAndHeel(signal, width, height, median, noise, detectorRng.Uniform(0.05, 0.25), detectorRng.Chance(0.5), detectorRng);
        if (!internet)
        {
            // A flat panel's read-out adds faint line noise: an offset per row and per column.
            XrayDetector.AddLineNoise(signal, width, height, noise * detectorRng.Uniform(0.1, 0.4), noise * detectorRng.Uniform(0.05, 0.25), detectorRng);
        }

        var equaliseRadius = Math.Max(3, (int)Math.Round(detectorRng.Uniform(8, 16) * pixelsPerMm));
        XrayDetector.Equalise(signal, width, height, equaliseRadius, internet ? detectorRng.Uniform(0.45, 0.7) : detectorRng.Uniform(0.35, 0.6));
    }

    /// <summary>
    /// Windowing: the internet style is windowed tightly and contrast-stretched, the hospital style keeps a margin
    /// and the detector's own output range; metal shows white either way.
    /// </summary>
    private static byte[] Window(float[] signal, bool[]? metal, bool[]? saturated, bool[] exposureMask, bool internet, DeterministicRandom detectorRng)
    {
        byte[] pixels;
        if (internet)
        {
            var window = XrayDetector.Quantiles(signal, exposureMask, detectorRng.Uniform(0.002, 0.05), detectorRng.Uniform(0.93, 0.995));
            var (low, high) = (window[0], window[1]);
            pixels = XrayDetector.Display(signal, low, high, 0, metal is null ? 255 : 222, detectorRng.Uniform(0.65, 1.4));
            MetalKnee(signal, pixels, metal, low, high, 222, 255);
        }
        else
        {
            // DICOM-like: the detector stores 12, 14 or 16 bits over its whole exposure range (with headroom); the
            // viewer's VOI window (a centre and a width about the exposure's spread, linear or sigmoid as DICOM
            // defines them) maps those values to the 8 bits that were exported.
            var bits = detectorRng.Pick<int>([12, 14, 16]);
            var range = XrayDetector.Quantiles(signal, exposureMask, 0.0, detectorRng.Uniform(0.002, 0.01), 0.5, detectorRng.Uniform(0.99, 0.998), 1.0);
            var headroom = (range[4] - range[0]) * (float)detectorRng.Uniform(0.05, 0.2);
            var (low, high) = (range[0] - headroom, range[4] + headroom);
            var width = (range[3] - range[1]) * detectorRng.Uniform(0.8, 1.25);
            var centre = ((range[1] + range[3]) / 2.0) + (detectorRng.Uniform(-0.08, 0.08) * width);
            var sigmoid = detectorRng.Chance(0.3);
            var (bottom, top) = (detectorRng.Uniform(0, 20), detectorRng.Uniform(230, 255));
            var knee = metal is null ? top : top - (0.13 * (top - bottom));
            pixels = XrayDetector.DisplayVoi(signal, low, high, bits, centre, width, sigmoid, bottom, knee);
            MetalKnee(signal, pixels, metal, (float)(centre - (width / 2)), (float)(centre + (width / 2)), knee, top);
        }

        if (saturated is not null)
        {
            for (var i = 0; i < pixels.Length; i++)
            {
                if (saturated[i])
                {
                    pixels[i] = Math.Max(pixels[i], (byte)250);
                }
            }
        }

        return pixels;
    }

    /// <summary>
    /// With an implant in the image, what lies above the window is compressed into the top of the grey scale instead of
    /// clipped, as a metal-aware look-up table does: the two thin walls of a cup's dome stay a shade below its rim,
    /// the ball and the stem, so the shell and the liner's lucent gap show. Images without metal are left alone.
    /// </summary>
    private static void MetalKnee(float[] signal, byte[] pixels, bool[]? metal, float low, float high, double knee, double top)
    {
        if (metal is null)
        {
            return;
        }

        var scale = Math.Max(1.2 * (high - low), 1e-3);
        for (var i = 0; i < pixels.Length; i++)
        {
            if (signal[i] > high)
            {
                pixels[i] = (byte)Math.Round(knee + ((top - knee) * (1 - Math.Exp(-(signal[i] - high) / scale))));
            }
        }
    }

    private static (int Width, int Height) DrawSize(PhantomOptions options, bool internet, DeterministicRandom rng)
    {
        // Drawn whether or not overridden, so an override does not shift the other draws.
        var side = internet ? rng.Uniform(256, 640) : rng.Uniform(768, 1024);
        var aspect = rng.Chance(0.6) ? rng.Uniform(0.8, 1.25) : rng.Pick<double>([0.75, 1.33, 0.8, 1.25, 1.0]) * rng.Uniform(0.97, 1.03);
        var width = options.Width ?? (int)Math.Round(side);
        var height = options.Height ?? Math.Clamp((int)Math.Round(side * aspect), internet ? 200 : 640, internet ? 800 : 1280);
        return (width, height);
    }

    /// <summary>
    /// Positions the scene: the framing circles (socket, located head and where a dislocated head would go, the
    /// same for both labels) must lie inside the image with a margin; within that, the joint sits off centre by the
    /// drawn shift. The region of interest (socket and the actual head) lies within the framing circles.
    /// </summary>
    private static SceneTransform Place(JointScene scene, Vec2 anchor, int width, int height, ref double pixelsPerMm, double rotation, bool mirror, double shiftX, double shiftY, out PixelBox roi)
    {
        var centre = new Vec2(width / 2.0, height / 2.0);
        var margin = 0.04 * Math.Min(width, height);
        for (var attempt = 0; ; attempt++)
        {
            var probe = new SceneTransform(anchor, centre, pixelsPerMm, rotation, mirror);
            var (x0, y0, x1, y1) = Bounds(scene.FramingCircles, probe);
            var lowX = margin - x0;
            var highX = width - margin - x1;
            var lowY = margin - y0;
            var highY = height - margin - y1;
            if ((lowX <= highX && lowY <= highY) || attempt >= 12)
            {
                var sx = lowX <= highX ? Math.Clamp(shiftX, lowX, highX) : (lowX + highX) / 2;
                var sy = lowY <= highY ? Math.Clamp(shiftY, lowY, highY) : (lowY + highY) / 2;
                var transform = new SceneTransform(anchor, centre + new Vec2(sx, sy), pixelsPerMm, rotation, mirror);
                var (rx0, ry0, rx1, ry1) = Bounds(scene.RoiCircles, transform);
                var left = (int)Math.Floor(rx0);
                var top = (int)Math.Floor(ry0);
                roi = new PixelBox(left, top, (int)Math.Ceiling(rx1) - left, (int)Math.Ceiling(ry1) - top).ClipTo(width, height);
                return transform;
            }

            pixelsPerMm *= 0.9;
        }
    }

    private static (double X0, double Y0, double X1, double Y1) Bounds(IEnumerable<(Vec2 Centre, double Radius)> circles, SceneTransform transform)
    {
        double x0 = double.MaxValue, y0 = double.MaxValue, x1 = double.MinValue, y1 = double.MinValue;
        foreach (var (c, r) in circles)
        {
            var p = transform.Point(c);
            var rp = transform.Length(r);
            x0 = Math.Min(x0, p.X - rp);
            y0 = Math.Min(y0, p.Y - rp);
            x1 = Math.Max(x1, p.X + rp);
            y1 = Math.Max(y1, p.Y + rp);
        }

        return (x0, y0, x1, y1);
    }

    /// <summary>
    /// The pixels the exposure and window are measured on: everything but metal and the framing circles (socket,
    /// located head, where a dislocated head would go), widened by 10 mm. Inside them the label changes the
    /// picture; outside them it changes little, so the levels that scale every pixel do not follow the label.
    /// When the circles cover nearly the whole image (a tight close-up) the levels come from all non-metal pixels.
    /// </summary>
    private static bool[] ExposureMask(JointScene scene, PhantomView view, bool[]? metal)
    {
        var (width, height) = (view.Width, view.Height);
        var mask = new bool[width * height];
        foreach (var (c, r) in scene.FramingCircles)
        {
            var p = view.Transform.Point(c);
            var rp = view.Transform.Length(r + 10);
            var (x0, x1) = (Math.Max(0, (int)Math.Floor(p.X - rp)), Math.Min(width - 1, (int)Math.Ceiling(p.X + rp)));
            var (y0, y1) = (Math.Max(0, (int)Math.Floor(p.Y - rp)), Math.Min(height - 1, (int)Math.Ceiling(p.Y + rp)));
            for (var y = y0; y <= y1; y++)
            {
                var dy = y - p.Y;
                for (var x = x0; x <= x1; x++)
                {
                    var dx = x - p.X;
                    if ((dx * dx) + (dy * dy) <= rp * rp)
                    {
                        mask[(y * width) + x] = true;
                    }
                }
            }
        }

        var circlesOnly = (bool[])mask.Clone();
        foreach (var (a, b, r) in scene.MeteringExclusions)
        {
            var pa = view.Transform.Point(a);
            var pb = view.Transform.Point(b);
            var rp = view.Transform.Length(r);
            var (x0, x1) = (Math.Max(0, (int)Math.Floor(Math.Min(pa.X, pb.X) - rp)), Math.Min(width - 1, (int)Math.Ceiling(Math.Max(pa.X, pb.X) + rp)));
            var (y0, y1) = (Math.Max(0, (int)Math.Floor(Math.Min(pa.Y, pb.Y) - rp)), Math.Min(height - 1, (int)Math.Ceiling(Math.Max(pa.Y, pb.Y) + rp)));
            var axis = pb - pa;
            var length2 = Math.Max(Vec2.Dot(axis, axis), 1e-9);
            for (var y = y0; y <= y1; y++)
            {
                for (var x = x0; x <= x1; x++)
                {
                    var q = new Vec2(x - pa.X, y - pa.Y);
                    var t = Math.Clamp(Vec2.Dot(q, axis) / length2, 0, 1);
                    var d = q - (axis * t);
                    if (Vec2.Dot(d, d) <= rp * rp)
                    {
                        mask[(y * width) + x] = true;
                    }
                }
            }
        }

        var outside = 0;
        for (var i = 0; i < mask.Length; i++)
        {
            outside += mask[i] ? 0 : 1;
        }

        if (outside < mask.Length / 10)
        {
            // A close-up: meter outside the framing circles alone, and if even that is too little, everything.
            mask = circlesOnly;
            outside = mask.Count(m => !m);
            if (outside < mask.Length / 10)
            {
                Array.Clear(mask);
            }
        }

        if (metal is not null)
        {
            for (var i = 0; i < mask.Length; i++)
            {
                mask[i] |= metal[i];
            }
        }

        return mask;
    }

    /// <summary>The framing circles' bounding box in pixels, clipped to the image.</summary>
    private static PixelBox FramingBox(JointScene scene, PhantomView view)
    {
        var (x0, y0, x1, y1) = Bounds(scene.FramingCircles, view.Transform);
        var left = (int)Math.Floor(x0);
        var top = (int)Math.Floor(y0);
        return new PixelBox(left, top, (int)Math.Ceiling(x1) - left, (int)Math.Ceiling(y1) - top).ClipTo(view.Width, view.Height);
    }

    private static bool[]? MetalMask(float[] signal)
    {
        // Cobalt-chrome reaches tens of attenuation units; nothing biological gets near 12.
        const float Threshold = 12f;
        bool[]? mask = null;
        for (var i = 0; i < signal.Length; i++)
        {
            if (signal[i] > Threshold)
            {
                mask ??= new bool[signal.Length];
                mask[i] = true;
            }
        }

        return mask;
    }

    /// <summary>
    /// What <see cref="Framing"/> reports: the saved image's geometry, for checks that it does not follow the label;
    /// for the internet style also the figure plan (every artefact's draw).
    /// </summary>
    internal sealed record PhantomFraming(int Width, int Height, double MmPerPixel, double RotationDegrees, bool Mirror, double SocketX, double SocketY, PixelBox FramingBox, string View, string Field, FigurePlan? Figure = null);

    /// <summary>The drawn view: the image size, the scale, the mirroring, where the scene landed, its region of interest,
    /// and the field of view: "joint" (the joint's own film), or for hip and THA "pelvis" (a whole AP pelvis) or
    /// "close-up". The projection (AP, Grashey, lateral, …) is the scene's <see cref="JointScene.View"/>.</summary>
    private sealed record PhantomView(int Width, int Height, double PixelsPerMm, double RotationDegrees, bool Mirror, SceneTransform Transform, PixelBox Roi, string Field);
}
