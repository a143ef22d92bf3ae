namespace JointDislocation.ML.Phantoms;

/// <summary>
/// A right hip, AP view, in millimetres: +x medial, +y inferior, origin at the acetabulum's centre. Hemipelvis
/// (iliac wing with its crest, the acetabular roof and hemispherical socket, the posterior wall, ilioischial and
/// iliopectineal lines, teardrop, superior and inferior pubic rami around the obturator foramen, ischium), the
/// sacrum and the other hemipelvis towards the midline, and the femur (head, neck at 125–135°, greater and lesser
/// trochanters, intertrochanteric line, cortical shaft). Shenton's line is the foramen's upper border running on
/// into the medial neck. With <c>arthroplasty</c> the head is replaced by a metal cup, ball and stem.
/// </summary>
internal static class HipAnatomy
{
    /// <param name="rng">The anatomy stream: everything that does not depend on the label.</param>
    /// <param name="sign">The displacement stream: where the head would go, drawn the same way for both labels and
    /// applied only when <paramref name="dislocated"/>, so that no anatomy draw depends on the label.</param>
    /// <param name="dislocated">Whether the displacement is applied.</param>
    /// <param name="difficulty">The difficulty knob: the mean severity of a dislocation.</param>
    /// <param name="arthroplasty">Whether the hip carries a total hip arthroplasty.</param>
    public static JointScene Build(DeterministicRandom rng, DeterministicRandom sign, bool dislocated, double difficulty, bool arthroplasty)
    {
        var scene = new JointScene { View = "AP" };
        var headRadius = rng.Uniform(21.5, 25.0);
        var neckShaft = rng.Uniform(125, 135);
        var shaftDirection = new Vec2(rng.Uniform(0.05, 0.15), 1).Normalized;
        var neckLength = rng.Uniform(55, 62);
        var k = rng.Uniform(0.92, 1.08);
        var midline = rng.Uniform(92, 102) * k;

        // Soft tissue: lower trunk and thigh, the thickest envelope of the four joints.
        scene.Add(
            new Ellipsoid(new Vec2(150, -40), 300, 230, 0, 95, 0, Mu.Soft, Mu.Soft, false),
            new Capsule(new Vec2(-30, 40), new Vec2(-30, 40) + (shaftDirection * 300), 85, 70, 0.9, 0, Mu.Soft, Mu.Soft, false));

        var cupOuter = rng.Uniform(24, 32);
        var socketRadius = arthroplasty ? cupOuter : headRadius + rng.Uniform(2.5, 4.0);
        AddHemipelvis(scene, rng, socketRadius, k, midline, mirror: false, withSocket: !arthroplasty);
        AddHemipelvis(scene, rng, headRadius + 3, k, midline, mirror: true, withSocket: true);
        AddSacrum(scene, k, midline);

        // Where the head goes. The displacement is drawn for both labels (from its own stream) and applied only to
        // a dislocated hip; the located jitter comes from the anatomy stream.
        var located = new Vec2(rng.Uniform(-0.4, 0.4), rng.Uniform(-0.4, 0.4));
        var adductionBase = rng.Uniform(-4, 4);
        var posterior = arthroplasty || sign.Chance(0.85);
        var severity = Displacement.Severity(difficulty, sign);
        var distance = Displacement.Scale(arthroplasty ? cupOuter + 14 : 38, arthroplasty ? 3.5 : 5, severity, sign);
        var direction = posterior ? new Vec2(-sign.Uniform(0.3, 0.7), -1).Normalized : new Vec2(sign.Uniform(0.4, 0.8), 1).Normalized;
        var adductionShift = (posterior ? sign.Uniform(5, 15) : -sign.Uniform(8, 18)) * (1 - (0.8 * severity));
        var potential = located + (direction * distance);
        var head = located;
        var adduction = adductionBase;
        var lesserTrochanter = 1.0;
        var headScale = 1.0;
        if (dislocated)
        {
            var strength = 1 - (0.8 * severity);
            head = potential;
            adduction += adductionShift;
            lesserTrochanter = posterior ? 1 - (0.8 * strength) : 1 + (0.3 * strength);
            headScale = posterior && !arthroplasty ? 1 - (0.06 * strength) : 1.0;
            scene.Variant = posterior ? (arthroplasty ? "superior-posterior" : "posterior") : "anterior";
        }

        var radius = headRadius * headScale;
        var femur = Femur(head, radius, shaftDirection.Rotate(-adduction), neckShaft, neckLength, lesserTrochanter, withHead: !arthroplasty);
        scene.Bodies.Add(new Body(femur.Shapes));
        scene.Add(femur.Lines);

        // The other femur, always located, far towards the edge of a wide field.
        var other = Femur(new Vec2(2 * midline, 0), headRadius, new Vec2(-shaftDirection.X, shaftDirection.Y), neckShaft, neckLength, 1.0, withHead: true, mirror: true);
        scene.Bodies.Add(new Body(other.Shapes));

        if (arthroplasty)
        {
            var shaft = shaftDirection.Rotate(-adduction);
            var neck = shaft.Rotate(-neckShaft);
            var junction = head - (neck * neckLength);
            var lateral = new Vec2(-shaft.Y, shaft.X);
            var inclination = rng.Uniform(30, 50);
            var shellMu = rng.Chance(0.5) ? 0.45 : 0.8;
            var ballRadius = rng.Pick<double>([11, 14, 16, 18]);
            var cup = new List<Shape> { new CupShell(new Vec2(0, 0), cupOuter, cupOuter - rng.Uniform(2.5, 4.0), 270 + inclination, shellMu) };

            // Dome screws into the ilium, in some cups: metal whose amount does not depend on the label.
            var screws = rng.Int(0, 3);
            for (var i = 0; i < screws; i++)
            {
                var screwDirection = Vec2.FromAngle(270 + inclination + rng.Uniform(-35, 35));
                var start = screwDirection * (cupOuter - 4);
                cup.Add(new Capsule(start, start + (screwDirection * rng.Uniform(25, 40)), 3.2, 2.6, 1.0, 0, Mu.CobaltChrome, Mu.CobaltChrome, false));
            }

            scene.Bodies.Add(new Body(cup));
            var stemMu = rng.Chance(0.6) ? Mu.Titanium : Mu.CobaltChrome * 0.3;
            var stemLength = rng.Uniform(110, 160);
            scene.Add(
                new Ellipsoid(head, ballRadius, ballRadius, 0, ballRadius, 0, Mu.CobaltChrome, Mu.CobaltChrome, false),
                new Capsule(head, junction, 6, 8, 1.0, 0, stemMu, stemMu, false),
                new Capsule(junction + (lateral * 4), junction + (shaft * stemLength), 10, 4.5, 1.0, 0, stemMu, stemMu, false));
            radius = ballRadius;
        }

        scene.Socket = new Vec2(0, 0);
        scene.Head = head;
        scene.HeadRadius = radius;
        scene.DisplacementMm = (head - located).Length;
        scene.RoiCircles.Add((new Vec2(0, 0), socketRadius + 8));
        scene.RoiCircles.Add((head, radius + 5));
        var framingRadius = (arthroplasty ? 18 : headRadius) + 5;
        scene.FramingCircles.Add((new Vec2(0, 0), socketRadius + 8));
        scene.FramingCircles.Add((located, framingRadius));
        scene.FramingCircles.Add((potential, framingRadius));
        return scene;
    }

    /// <summary>
    /// One hemipelvis as a plate with the obturator foramen as a hole, the thicker bone around the socket, and the
    /// lines a radiologist reads (sourcil, teardrop, ilioischial and iliopectineal lines, crest), which are where the
    /// cortex runs along the ray and add up on top of the plate.
    /// </summary>
    private static void AddHemipelvis(JointScene scene, DeterministicRandom rng, double socket, double k, double midline, bool mirror, bool withSocket)
    {
        Vec2 P(double x, double y)
        {
            var p = new Vec2(x * k, y * k);
            return mirror ? new Vec2((2 * midline) - p.X, p.Y) : p;
        }

        var s = socket / k;
        var symphysis = midline / k;
        Vec2[] outline =
        [
            P(-s * 0.75, -s * 0.72),                        // lateral acetabular rim
            P(-s * 0.9, -s * 1.55), P(-s * 0.85, -s * 2.0), // anterior inferior iliac spine, notch
            P(-40, -64),                                    // anterior superior iliac spine
            P(-52, -88), P(-38, -114), P(-4, -128), P(38, -124), // iliac crest
            P(68, -104), P(80, -74),                        // posterior crest, sacroiliac joint
            P(66, -44), P(60, -18), P(70, 4),               // pelvic brim
            P(symphysis - 14, 14), P(symphysis - 2, 20),    // pubic body
            P(symphysis, 44), P(symphysis - 3, 64),         // symphysis
            P(symphysis - 24, 80), P(44, 94),               // inferior pubic ramus
            P(26, 104), P(10, 100),                         // ischial tuberosity
            P(3, 78), P(-1, 52), P(-6, s + 8),              // ischium
            P(-s * 0.5, s * 0.72), P(-s * 0.66, s * 0.1), P(-s * 0.64, -s * 0.42), // posterior wall over the head
        ];
        var plate = ShapeBuilder.SmoothLoop(outline, 5);
        var crest = plate.Points[15..46];
        var foramen = ShapeBuilder.EllipseLoop(P(40, 57), 19 * k, 26 * k, mirror ? 18 : -18);
        scene.Bodies.Add(new Body([new Slab([plate, foramen], 4.5, 1.3, Mu.Cortex, Mu.Cancellous, true)]));

        // The bone around the socket is much thicker than the wing: supra-acetabular mass and the columns.
        var columns = new List<Shape>
        {
            new Ellipsoid(P(10, -s - 12), s + 16, 22, mirror ? 10 : -10, 7, 0, Mu.Cancellous, Mu.Cancellous, true),
            new Capsule(P(s + 4, 2), P(symphysis - 10, 22), 7, 6.5, 0.8, 1.5, Mu.Cortex, Mu.Cancellous, true),
            new Ellipsoid(P(10, 62), 12, 30, mirror ? -8 : 8, 5, 0, Mu.Cancellous, Mu.Cancellous, true),
        };
        scene.Bodies.Add(new Body(columns));

        var lines = new List<Shape>();
        if (withSocket)
        {
            // The socket's subchondral shell: its tangent part is the sourcil over the head, its medial part the
            // acetabular floor; seen from the side like a cup, dome superomedial.
            var dome = 270 + rng.Uniform(38, 50);
            lines.Add(new CupShell(P(0, 0), socket + 1.6, socket, mirror ? 180 - dome : dome, Mu.Cortex * 0.6));
        }

        var c = P(s + 6, s * 0.45);
        lines.AddRange(ShapeBuilder.Polyline(ShapeBuilder.Arc(c, 5.5 * k, mirror ? 170 : 10, mirror ? -10 : 190, 8), 1.4, 1.4, 1.0, 0.7, Mu.Cortex, Mu.Cortex, false)); // teardrop
        lines.AddRange(ShapeBuilder.Polyline([P(58, -58), P(s + 14, -8), P(s + 10, 30), P(13, 84)], 1.6, 1.4, 1.0, 0.8, Mu.Cortex, Mu.Cortex, false)); // ilioischial line
        lines.AddRange(ShapeBuilder.Polyline([P(78, -72), P(64, -42), P(60, -16), P(72, 6), P(symphysis - 12, 15)], 1.8, 1.6, 1.0, 0.9, Mu.Cortex, Mu.Cortex, false)); // iliopectineal line
        lines.AddRange(ShapeBuilder.Polyline(crest, 3.2, 3.0, 1.0, 1.0, Mu.Cortex, Mu.Cancellous, true)); // iliac crest
        scene.Bodies.Add(new Body(lines));
    }

    private static void AddSacrum(JointScene scene, double k, double midline)
    {
        Vec2 P(double dx, double y) => new(midline + (dx * k), y * k);
        Vec2[] outline = [P(-52, -118), P(0, -124), P(52, -118), P(40, -70), P(18, -24), P(0, -14), P(-18, -24), P(-40, -70)];
        var shapes = new List<Shape> { new Slab([ShapeBuilder.SmoothLoop(outline, 5)], 6, 1.2, Mu.Cortex, Mu.Cancellous, true) };
        for (var i = 0; i < 3; i++)
        {
            // Sacral foramina: small round lucencies in two rows.
            shapes.Add(new Ellipsoid(P(-22 + (i * 3), -100 + (i * 24)), 4.5, 4.5, 0, 3, 0.8, Mu.Cortex, 0, false));
            shapes.Add(new Ellipsoid(P(22 - (i * 3), -100 + (i * 24)), 4.5, 4.5, 0, 3, 0.8, Mu.Cortex, 0, false));
        }

        scene.Bodies.Add(new Body(shapes));
    }

    /// <summary>
    /// The proximal femur: head, neck, trochanters and metaphysis as one outline plate (thick, so the neck projects
    /// like a tube and the trochanters like solid bone with a cortical outline), united with the head's sphere and a
    /// cortical tube for the shaft; the intertrochanteric line added on top. The lesser trochanter's prominence
    /// follows rotation (small in internal rotation).
    /// </summary>
    private static (List<Shape> Shapes, List<Shape> Lines) Femur(Vec2 head, double radius, Vec2 shaft, double neckShaft, double neckLength, double lesserTrochanter, bool withHead, bool mirror = false)
    {
        var neck = shaft.Rotate(mirror ? neckShaft : -neckShaft);
        var junction = head - (neck * neckLength);
        var lateral = mirror ? new Vec2(shaft.Y, -shaft.X) : new Vec2(-shaft.Y, shaft.X);
        var up = mirror ? neck.Rotate(90) : neck.Rotate(-90);
        Vec2 F(double along, double outward) => junction + (shaft * along) + (lateral * outward);
        var halfNeck = radius * 0.68;
        var lt = lesserTrochanter;
        Vec2[] outline =
        [
            head - (neck * 6) + (up * halfNeck * 0.95),
            junction + (neck * neckLength * 0.45) + (up * halfNeck),
            F(-27, 6), F(-39, 13), F(-37, 24), F(-14, 29), F(20, 22), F(50, 17), F(80, 16),
            F(80, -16), F(52, -16.5), F(42, -17 - (3 * lt)), F(34, -18 - (8 * lt)), F(26, -19 - (4 * lt)), F(12, -21),
            junction + (neck * neckLength * 0.45) - (up * halfNeck * 1.08),
            head - (neck * 6) - (up * halfNeck * 0.95),
        ];
        const int openBottom = 8;
        var openHead = outline.Length - 1;
        var shapes = new List<Shape>
        {
            new Slab([ShapeBuilder.SmoothLoop(outline, 5, openBottom, openHead)], 14, 1.6, Mu.Cortex, Mu.Cancellous, true),
            new Capsule(F(50, 0), F(330, -4), 16, 14, 1.0, 5.5, Mu.Cortex, Mu.Marrow, false) { FlatEnds = true },
        };
        if (withHead)
        {
            shapes.Add(new Ellipsoid(head, radius, radius, 0, radius, 1.3, Mu.Cortex, Mu.Cancellous, true));
        }

        var lines = ShapeBuilder.Polyline([F(-24, 20), F(4, 4), F(30, -17)], 1.6, 1.6, 1.0, 0.8, Mu.Cortex * 0.5, Mu.Cortex * 0.5, false).ToList();
        return (shapes, lines);
    }
}
