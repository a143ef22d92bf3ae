namespace JointDislocation.ML.Phantoms;

/// <summary>
/// A whole pelvis, AP, in millimetres, built around the affected (right-hand in scene coordinates; the view's
/// mirroring puts it on either side of the image) hip: +x medial, +y inferior, origin at the affected acetabulum's
/// centre. Both hemipelves (iliac wing, faint centrally and dense along the crest and the sciatic buttress; the
/// acetabular roof and socket, posterior wall, ilioischial and iliopectineal lines, teardrop, obturator foramen,
/// superior and inferior pubic rami, symphysis, ischial tuberosity) in a female or male shape, the sacrum with its
/// foramina and sacroiliac joints, the coccyx, L4 and L5, bowel gas, the soft-tissue outline of the hips and
/// thighs, and both femora to mid-shaft (head, neck at 125–135°, trochanters, intertrochanteric line, a shaft with
/// a thick cortex and darker canal, compressive and tensile trabeculae: see <see cref="BoneTexture"/>). Shenton's
/// line is the foramen's upper border running on into the medial neck. With <c>arthroplasty</c> the affected hip
/// carries a total hip arthroplasty (or a resurfacing); the other hip is native or, as often for either label, an
/// arthroplasty too.
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
        var female = rng.Chance(0.5);
        var k = rng.Uniform(0.92, 1.08);
        var shape = new PelvisShape(female, k * (female ? rng.Uniform(1.03, 1.1) : rng.Uniform(0.94, 1.0)), k * (female ? rng.Uniform(0.92, 0.98) : rng.Uniform(1.0, 1.06)));
        var midline = rng.Uniform(88, 100) * shape.Kx;
        var quality = BoneQuality.Draw(rng);
        var implant = ThaImplant.Draw(rng, headRadius);
        var otherImplant = ThaImplant.Draw(rng, headRadius);
        var bilateral = arthroplasty && rng.Chance(0.25);

        AddSoftTissue(scene, rng, midline, shape, shaftDirection);

        var socketRadius = arthroplasty ? implant.CupOuter : headRadius + rng.Uniform(2.5, 4.0);
        var otherSocket = bilateral ? otherImplant.CupOuter : headRadius + 3;
        AddHemipelvis(scene, rng, socketRadius, shape, midline, mirror: false, withSocket: !arthroplasty);
        AddHemipelvis(scene, rng, otherSocket, shape, midline, mirror: true, withSocket: !bilateral);
        AddSacrumAndSpine(scene, rng, shape, midline);
        AddBowelGas(scene, rng, shape, midline);

        // Where the head goes. The displacement is drawn for both labels (from its own stream) and applied only to
        // a dislocated hip; the located jitter comes from the anatomy stream.
        var located = new Vec2(rng.Uniform(-0.4, 0.4), rng.Uniform(-0.4, 0.4));
        var adductionBase = rng.Uniform(-4, 4);
        var posterior = sign.Chance(arthroplasty ? 0.85 : 0.9);
        var severity = Displacement.Severity(difficulty, sign);
        // Gross means out of the socket: a native head's centre moves beyond one head diameter and a joint space (the
        // head clear of the acetabulum, over the iliac wing or the obturator region), a ball's beyond the cup's rim by
        // its own radius and 10 mm (the ball clear of the cup).
        var gross = arthroplasty ? implant.CupOuter + implant.BallRadius + 10 : (2 * headRadius) + 8;
        var distance = Displacement.Scale(gross, arthroplasty ? 3.5 : 5, severity, sign);
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
            scene.Variant = arthroplasty ? (posterior ? "superior-posterior" : "anterior") : (posterior ? "posterior" : "anterior");
        }

        var radius = headRadius * headScale;
        var kind = !arthroplasty ? FemurKind.Native : (implant.Resurfacing ? FemurKind.Resurfaced : FemurKind.Resected);
        var femur = Femur(head, radius, shaftDirection.Rotate(-adduction), neckShaft, neckLength, lesserTrochanter, kind, quality, rng, mirror: false);
        scene.Add(femur.Shapes);
        scene.Add(femur.Lines);
        scene.Add(femur.Trabeculae);

        // The other hip, always located: native, or (bilateral arthroplasty, label-independent) an implant too.
        var otherKind = !bilateral ? FemurKind.Native : (otherImplant.Resurfacing ? FemurKind.Resurfaced : FemurKind.Resected);
        var other = Femur(new Vec2(2 * midline, 0), headRadius, new Vec2(-shaftDirection.X, shaftDirection.Y).Rotate(adductionBase * 0.5), neckShaft, neckLength, 1.0, otherKind, quality, rng, mirror: true);
        scene.Add(other.Shapes);
        scene.Add(other.Lines);
        scene.Add(other.Trabeculae);

        if (arthroplasty)
        {
            AddImplant(scene, implant, new Vec2(0, 0), femur.Geometry, mirror: false);
            radius = implant.Resurfacing ? radius : implant.BallRadius;
        }

        if (bilateral)
        {
            AddImplant(scene, otherImplant, new Vec2(2 * midline, 0), other.Geometry, mirror: true);
        }

        scene.Socket = new Vec2(0, 0);
        scene.Head = head;
        scene.HeadRadius = radius;
        scene.DisplacementMm = (head - located).Length;
        scene.PelvisCentre = new Vec2(midline, -8 * shape.Ky);
        scene.RoiCircles.Add((new Vec2(0, 0), socketRadius + 8));
        scene.RoiCircles.Add((head, radius + 5));
        var framingRadius = (arthroplasty && !implant.Resurfacing ? 18 : headRadius) + 5;

        // The femur moves with the head: leave it out of the exposure metering at both positions, for both labels.
        foreach (var (at, turn) in new[] { (located, adductionBase), (potential, adductionBase + adductionShift) })
        {
            var shaft = shaftDirection.Rotate(-turn);
            var junction = at - (shaft.Rotate(-neckShaft) * neckLength);
            scene.MeteringExclusions.Add((at, junction, headRadius + 6));
            scene.MeteringExclusions.Add((junction - (shaft * 45), junction + (shaft * 330), 42));
        }

        scene.FramingCircles.Add((new Vec2(0, 0), socketRadius + 8));
        scene.FramingCircles.Add((located, framingRadius));
        scene.FramingCircles.Add((potential, framingRadius));
        return scene;
    }

    /// <summary>How the femur's top looks: a native head and neck, the neck resected for a stem, or a resurfaced head.</summary>
    private enum FemurKind
    {
        Native,
        Resected,
        Resurfaced,
    }

    /// <summary>Female pelves are wider and lower (kx &gt; ky) with a wide pubic arch; male narrower and taller.</summary>
    private sealed record PelvisShape(bool Female, double Kx, double Ky);

    /// <summary>The femur's frame: the head, the neck's direction (towards the head), where the neck meets the shaft
    /// axis, the shaft's direction and the lateral and superior-neck directions.</summary>
    private sealed record FemurGeometry(Vec2 Head, double Radius, Vec2 Neck, Vec2 Junction, Vec2 Shaft, Vec2 Lateral, Vec2 Up, double NeckLength);

    /// <summary>
    /// A total hip arthroplasty, drawn whole for every image (so the draws do not depend on anything): cup, liner,
    /// screws, ball, stem, cement or porous coat; or a resurfacing (a metal cap on the native head with a short peg,
    /// and a thin one-piece metal cup).
    /// </summary>
    private sealed record ThaImplant(
        double CupOuter,
        double CupShell,
        double Inclination,
        double ShellMu,
        (double Angle, double Length)[] Screws,
        double BallRadius,
        double StemMu,
        double StemLength,
        bool Cemented,
        bool Resurfacing)
    {
        public static ThaImplant Draw(DeterministicRandom rng, double headRadius)
        {
            var resurfacing = rng.Chance(0.1);
            var cupOuter = rng.Uniform(22, 32);
            var shell = rng.Uniform(2.0, 3.5);
            var inclination = rng.Uniform(30, 50);
            var shellMu = rng.Uniform(0.18, 0.35);
            var screwCount = rng.Int(0, 3);
            var screws = new (double, double)[3];
            for (var i = 0; i < 3; i++)
            {
                screws[i] = (rng.Uniform(-35, 35), rng.Uniform(25, 40));
            }

            var ball = rng.Pick<double>([11, 14, 16, 18]);
            var stemMu = rng.Chance(0.6) ? Mu.Titanium * 1.6 : Mu.CobaltChrome * 0.3;
            var stemLength = rng.Uniform(110, 160);
            var cemented = rng.Chance(0.45);
            if (resurfacing)
            {
                // A resurfacing cup hugs the native head: no liner, a thin cobalt-chrome shell.
                cupOuter = headRadius + rng.Uniform(4.0, 5.5);
                shell = rng.Uniform(3.0, 4.0);
                shellMu = 0.5;
                screwCount = 0;
            }

            return new ThaImplant(cupOuter, shell, inclination, shellMu, screws[..screwCount], ball, stemMu, stemLength, cemented, resurfacing);
        }
    }

    private static void AddImplant(JointScene scene, ThaImplant implant, Vec2 acetabulum, FemurGeometry femur, bool mirror)
    {
        double Angle(double degrees) => mirror ? 180 - degrees : degrees;
        var dome = 270 + implant.Inclination;

        // The cup: a thin shell whose rim, seen along the ray, saturates, and whose dome (two thin walls) does not;
        // the polyethylene liner shows as the lucent gap between the shell and the ball.
        var cup = new List<Shape> { new CupShell(acetabulum, implant.CupOuter, implant.CupOuter - implant.CupShell, Angle(dome), implant.ShellMu) };
        foreach (var (angle, length) in implant.Screws)
        {
            var screwDirection = Vec2.FromAngle(Angle(dome + angle));
            var start = acetabulum + (screwDirection * (implant.CupOuter - 4));
            cup.Add(new Capsule(start, start + (screwDirection * length), 3.2, 2.6, 1.0, 0, Mu.CobaltChrome, Mu.CobaltChrome, false));
        }

        scene.Bodies.Add(new Body(cup) { Implant = true });
        var neckAngle = Math.Atan2(femur.Neck.Y, femur.Neck.X) * 180 / Math.PI;
        if (implant.Resurfacing)
        {
            // A cobalt-chrome cap over the head's upper surface, and its short peg down the neck's axis.
            scene.Bodies.Add(new Body([
                new CupShell(femur.Head, femur.Radius + 1.5, femur.Radius - 1.0, neckAngle, Mu.CobaltChrome),
                new Capsule(femur.Head, femur.Head - (femur.Neck * femur.Radius * 1.5), 3.5, 3.0, 1.0, 0, Mu.CobaltChrome, Mu.CobaltChrome, false)]) { Implant = true });
            return;
        }

        var junction = femur.Junction;
        var shoulder = junction + (femur.Lateral * 4);
        var tip = junction + (femur.Shaft * implant.StemLength);
        if (implant.Cemented)
        {
            // Bone cement (with its radio-opaque filler) fills the canal around the stem: a grey mantle 2–4 mm thick.
            scene.Bodies.Add(new Body([
                new Capsule(shoulder, tip + (femur.Shaft * 8), 12.5, 7.0, 1.0, 0, 0.035, 0.035, false),
                new Capsule(femur.Junction + (femur.Neck * 12), shoulder, 9, 12, 1.0, 0, 0.035, 0.035, false)]) { Implant = true });
        }
        else
        {
            // A porous (beaded, plasma-sprayed) coat on the proximal third: rough, grainy metal around the stem.
            scene.Bodies.Add(new Body([new Capsule(shoulder, shoulder + (femur.Shaft * (implant.StemLength * 0.35)), 11.2, 8.2, 1.0, 0, implant.StemMu, implant.StemMu * 1.3, true) { FlatEnds = true }]) { Implant = true });
        }

        scene.Bodies.Add(new Body([
            new Ellipsoid(femur.Head, implant.BallRadius, implant.BallRadius, 0, implant.BallRadius, 0, Mu.CobaltChrome, Mu.CobaltChrome, false),
            new Capsule(femur.Head, junction + (femur.Neck * 8), 6, 7.5, 1.0, 0, implant.StemMu, implant.StemMu, false),
            new Capsule(shoulder, tip, 10, 4.5, 1.0, 0, implant.StemMu, implant.StemMu, false)]) { Implant = true });
    }

    /// <summary>Lower trunk, buttocks and both thighs as one soft-tissue body (so they unite, not add).</summary>
    private static void AddSoftTissue(JointScene scene, DeterministicRandom rng, double midline, PelvisShape shape, Vec2 shaftDirection)
    {
        var halfWidth = midline + (rng.Uniform(80, 115) * (shape.Female ? 1.08 : 1.0));
        var depth = rng.Uniform(95, 135);
        var thigh = rng.Uniform(70, 92);
        var otherShaft = new Vec2(-shaftDirection.X, shaftDirection.Y);
        var left = new Vec2(-halfWidth + midline + thigh - 5, 70);
        var right = new Vec2((2 * midline) - left.X, 70);
        scene.Add(
            new Ellipsoid(new Vec2(midline, -50), halfWidth, 190, 0, depth, 0, Mu.Soft, Mu.Soft, false),
            new Capsule(left, left + (shaftDirection * 320), thigh, thigh * 0.8, depth / thigh * 0.75, 0, Mu.Soft, Mu.Soft, false),
            new Capsule(right, right + (otherShaft * 320), thigh, thigh * 0.8, depth / thigh * 0.75, 0, Mu.Soft, Mu.Soft, false));
    }

    /// <summary>
    /// One hemipelvis as a plate with the obturator foramen as a hole, the thicker bone around the socket and along
    /// the sciatic buttress, a thinner wing centre, and the lines a radiologist reads (sourcil, teardrop, ilioischial
    /// and iliopectineal lines, crest), which are where the cortex runs along the ray and add up on top of the plate.
    /// </summary>
    private static void AddHemipelvis(JointScene scene, DeterministicRandom rng, double socket, PelvisShape shape, double midline, bool mirror, bool withSocket)
    {
        var (kx, ky) = (shape.Kx, shape.Ky);
        Vec2 P(double x, double y)
        {
            var p = new Vec2(x * kx, y * ky);
            return mirror ? new Vec2((2 * midline) - p.X, p.Y) : p;
        }

        var s = socket / kx;
        var symphysis = midline / kx;
        var flare = shape.Female ? 1.12 : 1.0;
        var arch = shape.Female ? 1.35 : 1.0;
        Vec2[] outline =
        [
            P(-s * 0.75, -s * 0.72),                        // lateral acetabular rim
            P(-s * 0.9, -s * 1.55), P(-s * 0.85, -s * 2.0), // anterior inferior iliac spine, notch
            P(-40 * flare, -64),                            // anterior superior iliac spine
            P(-52 * flare, -88), P(-38 * flare, -114), P(-4, -128), P(38, -124), // iliac crest
            P(68, -104), P(80, -74),                        // posterior crest, sacroiliac joint
            P(66, -44), P(60 / flare, -18), P(70, 4),       // pelvic brim
            P(symphysis - 14, 14), P(symphysis - 2, 20),    // pubic body
            P(symphysis, 44 - (4 * (arch - 1))), P(symphysis - (3 * arch), 64 - (14 * (arch - 1))), // symphysis
            P(symphysis - (24 * arch), 80 - (8 * (arch - 1))), P(44, 94), // inferior pubic ramus (a wider arch in women)
            P(26, 104), P(10, 100),                         // ischial tuberosity
            P(3, 78), P(-1, 52), P(-6, s + 8),              // ischium
            P(-s * 0.5, s * 0.72), P(-s * 0.66, s * 0.1), P(-s * 0.64, -s * 0.42), // posterior wall over the head
        ];
        var plate = ShapeBuilder.SmoothLoop(outline, 5);
        var crest = plate.Points[15..46];
        var foramen = ShapeBuilder.EllipseLoop(P(40, 58), 18 * kx * (shape.Female ? 1.08 : 1.0), 25 * ky, mirror ? 18 : -18);
        scene.Bodies.Add(new Body([new Slab([plate, foramen], 4.5, 1.3, Mu.Cortex, Mu.Cancellous, true)]));

        // The wing is thin and faint in its centre (iliac fossa).
        scene.Bodies.Add(new Body([new Ellipsoid(P(12, -88), 30 * kx, 22 * ky, mirror ? 20 : -20, 2.6, 0, Mu.Cancellous * 1.5, Mu.Cancellous * 1.5, false)], -1.0));

        // The bone around the socket is much thicker than the wing: supra-acetabular mass, the columns and the sciatic
        // buttress running from the acetabular roof to the sacroiliac joint.
        var columns = new List<Shape>
        {
            new Ellipsoid(P(10, -s - 12), (s + 16) * kx, 22 * ky, mirror ? 10 : -10, 7, 0, Mu.Cancellous, Mu.Cancellous, true),
            new Capsule(P(s + 4, 2), P(symphysis - 10, 22), 7, 6.5, 0.8, 1.5, Mu.Cortex, Mu.Cancellous, true),
            new Ellipsoid(P(10, 62), 12, 30, mirror ? -8 : 8, 5, 0, Mu.Cancellous, Mu.Cancellous, true),
            new Ellipsoid(P(42, -s - 44), 40, 11, mirror ? 130 : 50, 5, 0, Mu.Cancellous, Mu.Cancellous, true),
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
        else
        {
            rng.Uniform(38, 50);
        }

        var c = P(s + 6, s * 0.45);
        lines.AddRange(ShapeBuilder.Polyline(ShapeBuilder.Arc(c, 5.5 * kx, mirror ? 170 : 10, mirror ? -10 : 190, 8), 1.4, 1.4, 1.0, 0.7, Mu.Cortex, Mu.Cortex, false)); // teardrop
        lines.AddRange(ShapeBuilder.Polyline([P(58, -58), P(s + 14, -8), P(s + 10, 30), P(13, 84)], 1.6, 1.4, 1.0, 0.8, Mu.Cortex, Mu.Cortex, false)); // ilioischial line
        lines.AddRange(ShapeBuilder.Polyline([P(78, -72), P(64, -42), P(60 / flare, -16), P(72, 6), P(symphysis - 12, 15)], 1.8, 1.6, 1.0, 0.9, Mu.Cortex, Mu.Cortex, false)); // iliopectineal line
        lines.AddRange(ShapeBuilder.Polyline(crest, 3.2, 3.0, 1.0, 1.0, Mu.Cortex, Mu.Cancellous, true)); // iliac crest
        scene.Bodies.Add(new Body(lines));
    }

    /// <summary>
    /// The sacrum (a plate with four pairs of foramina and its arcuate lines), the sacroiliac joints along its
    /// sides, the coccyx below, and L5 and L4 above (bodies, pedicles seen end-on as rings, transverse and spinous
    /// processes).
    /// </summary>
    private static void AddSacrumAndSpine(JointScene scene, DeterministicRandom rng, PelvisShape shape, double midline)
    {
        Vec2 P(double dx, double y) => new(midline + (dx * shape.Kx), y * shape.Ky);
        Vec2[] outline = [P(-52, -118), P(0, -124), P(52, -118), P(40, -70), P(18, -24), P(0, -14), P(-18, -24), P(-40, -70)];
        var shapes = new List<Shape> { new Slab([ShapeBuilder.SmoothLoop(outline, 5)], 6, 1.2, Mu.Cortex, Mu.Cancellous, true) };
        for (var i = 0; i < 4; i++)
        {
            // Sacral foramina: round lucencies in two rows, smaller downwards.
            var r = 4.8 - (0.6 * i);
            shapes.Add(new Ellipsoid(P(-21 + (i * 3.5), -104 + (i * 20)), r, r, 0, 3, 0.8, Mu.Cortex, 0, false));
            shapes.Add(new Ellipsoid(P(21 - (i * 3.5), -104 + (i * 20)), r, r, 0, 3, 0.8, Mu.Cortex, 0, false));
        }

        scene.Bodies.Add(new Body(shapes));

        // Sacroiliac joints: the two cortical margins of each joint, seen obliquely as a pair of lines.
        var joints = new List<Shape>();
        foreach (var side in new[] { -1.0, 1.0 })
        {
            foreach (var offset in new[] { 0.0, 5.0 })
            {
                joints.AddRange(ShapeBuilder.Polyline([P(side * (51 + offset), -116), P(side * (43 + offset), -84), P(side * (33 + offset), -52)], 1.1, 1.0, 1.0, 0.6, Mu.Cortex, Mu.Cortex, false));
            }
        }

        scene.Bodies.Add(new Body(joints));

        // Coccyx: three small segments below the sacral tip.
        var coccyx = new List<Shape>();
        for (var i = 0; i < 3; i++)
        {
            coccyx.Add(new Ellipsoid(P(0, -8 + (i * 10)), 9 - (2 * i), 4.5, 0, 6, 1.0, Mu.Cortex, Mu.Cancellous, true));
        }

        scene.Bodies.Add(new Body(coccyx));

        // L5 and L4 above the sacrum, separated by their discs.
        var lumbarTilt = rng.Uniform(-4, 4);
        for (var level = 0; level < 2; level++)
        {
            var y = -143 - (level * 36);
            var centre = P(0, y);
            var vertebra = new List<Shape>
            {
                new Slab([ShapeBuilder.SmoothLoop([P(-26, y - 13), P(26, y - 13), P(28, y + 13), P(-28, y + 13)], 4)], 14, 2.0, Mu.Cortex, Mu.Cancellous, true),
                new Capsule(centre + new Vec2(-24, -4).Rotate(lumbarTilt), centre + new Vec2(-50 - (level * 4), -8).Rotate(lumbarTilt), 5, 3.5, 1.0, 1.0, Mu.Cortex, Mu.Cancellous, true),
                new Capsule(centre + new Vec2(24, -4).Rotate(lumbarTilt), centre + new Vec2(50 + (level * 4), -8).Rotate(lumbarTilt), 5, 3.5, 1.0, 1.0, Mu.Cortex, Mu.Cancellous, true),
            };
            scene.Bodies.Add(new Body(vertebra));
            scene.Add(
                new Ellipsoid(centre + new Vec2(-15, -6), 5, 7.5, 0, 8, 1.6, Mu.Cortex, Mu.Cancellous * 0.5, false),
                new Ellipsoid(centre + new Vec2(15, -6), 5, 7.5, 0, 8, 1.6, Mu.Cortex, Mu.Cancellous * 0.5, false),
                new Ellipsoid(centre + new Vec2(0, 4), 4, 9, 0, 10, 1.4, Mu.Cortex, Mu.Cancellous, true));
        }
    }

    /// <summary>
    /// Bowel gas: irregular dark blobs (clusters of air pockets) over the sacrum, the lower lumbar spine and the
    /// iliac wings; air removes attenuation, so it is a body with a negative sign.
    /// </summary>
    private static void AddBowelGas(JointScene scene, DeterministicRandom rng, PelvisShape shape, double midline)
    {
        var blobs = rng.Int(3, 9);
        var gas = new List<Shape>();
        for (var i = 0; i < 9; i++)
        {
            var centre = new Vec2(midline + (rng.Uniform(-140, 140) * shape.Kx), rng.Uniform(-175, -40) * shape.Ky);
            var pockets = rng.Int(1, 4);
            var size = rng.Uniform(7, 22);
            var depth = rng.Uniform(10, 35);
            for (var j = 0; j < 4; j++)
            {
                var offset = new Vec2(rng.Uniform(-1, 1), rng.Uniform(-1, 1)) * size;
                var a = size * rng.Uniform(0.5, 1.0);
                var b = size * rng.Uniform(0.4, 0.9);
                var angle = rng.Uniform(0, 180);
                if (i < blobs && j < pockets)
                {
                    gas.Add(new Ellipsoid(centre + offset, a, b, angle, depth, 0, Mu.Soft, Mu.Soft, false));
                }
            }
        }

        scene.Bodies.Add(new Body(gas, -1.0));
    }

    /// <summary>
    /// The proximal femur: head, neck, trochanters and metaphysis as one outline plate (thick, so the neck projects
    /// like a tube and the trochanters like solid bone with a cortical outline), united with the head's sphere and
    /// the shaft from <see cref="BoneTexture.LongBone"/>; the intertrochanteric line added on top, and the neck's
    /// compressive and tensile trabeculae (Ward's triangle between them) from <see cref="BoneTexture.Trabeculae"/>.
    /// The lesser trochanter's prominence follows rotation (small in internal rotation). A resected femur (stem of
    /// an arthroplasty) keeps only the neck's base.
    /// </summary>
    private static (List<Shape> Shapes, List<Shape> Lines, List<Shape> Trabeculae, FemurGeometry Geometry) Femur(
        Vec2 head, double radius, Vec2 shaft, double neckShaft, double neckLength, double lesserTrochanter, FemurKind kind, BoneQuality quality, DeterministicRandom rng, bool mirror)
    {
        var neck = shaft.Rotate(mirror ? neckShaft : -neckShaft);
        var junction = head - (neck * neckLength);
        var lateral = mirror ? new Vec2(shaft.Y, -shaft.X) : new Vec2(-shaft.Y, shaft.X);
        var up = mirror ? neck.Rotate(90) : neck.Rotate(-90);
        Vec2 F(double along, double outward) => junction + (shaft * along) + (lateral * outward);
        var halfNeck = radius * 0.68;
        var lt = lesserTrochanter;
        var resected = kind == FemurKind.Resected;
        var cut = neckLength * 0.22;
        Vec2[] top = resected
            ? [junction + (neck * cut) + (up * halfNeck * 1.05)]
            : [head - (neck * 6) + (up * halfNeck * 0.95), junction + (neck * neckLength * 0.45) + (up * halfNeck)];
        Vec2[] bottom = resected
            ? [junction + (neck * cut) - (up * halfNeck * 1.15)]
            : [junction + (neck * neckLength * 0.45) - (up * halfNeck * 1.08), head - (neck * 6) - (up * halfNeck * 0.95)];
        Vec2[] outline =
        [
            .. top,
            F(-27, 6), F(-39, 13), F(-37, 24), F(-14, 29), F(20, 22), F(50, 17), F(80, 16),
            F(80, -16), F(52, -16.5), F(42, -17 - (3 * lt)), F(34, -18 - (8 * lt)), F(26, -19 - (4 * lt)), F(12, -21),
            .. bottom,
        ];
        var openBottom = top.Length + 6;
        var loop = resected ? ShapeBuilder.SmoothLoop(outline, 5, openBottom) : ShapeBuilder.SmoothLoop(outline, 5, openBottom, outline.Length - 1);
        var shapes = new List<Shape> { new Slab([loop], 14, 1.6 * quality.CortexScale, Mu.Cortex, Mu.Cancellous * quality.CancellousScale, true) };
        shapes.AddRange(BoneTexture.LongBone(F(50, 0), F(330, -4), 16.5, 13.5, 6.0, 75, quality));
        if (kind != FemurKind.Resected)
        {
            shapes.Add(new Ellipsoid(head, radius, radius, 0, radius, 1.3 * quality.CortexScale, Mu.Cortex, Mu.Cancellous * quality.CancellousScale, true));
        }

        var lines = ShapeBuilder.Polyline([F(-24, 20), F(4, 4), F(30, -17)], 1.6, 1.6, 1.0, 0.8, Mu.Cortex * 0.5, Mu.Cortex * 0.5, false).ToList();

        // Trabecular systems, drawn for every femur (a fixed number of draws) and kept where there is bone for them.
        Vec2 H(double towardsNeck, double towardsUp) => head + (((neck * towardsNeck) + (up * towardsUp)) * radius);
        var compressive = BoneTexture.Trabeculae(
            [H(0.55, 0.55), H(0.2, 0.78), H(-0.25, 0.72)],
            [junction + (neck * neckLength * 0.42) - (up * halfNeck * 0.9), F(22, -16)],
            14, 1.5, tensile: false, quality, rng);
        var tensileSide = mirror ? 1.0 : -1.0;
        var tensile = BoneTexture.Trabeculae(
            [H(0.45, -0.6), H(0.05, -0.78), H(-0.3, -0.66)],
            [F(-6, 19), F(-26, 18), F(-34, 12)],
            11, tensileSide * 0.35 * radius, tensile: true, quality, rng);
        var trochanteric = BoneTexture.Trabeculae([F(-36, 20), F(-30, 8)], [F(5, 21), F(10, 8)], 6, 0, tensile: false, quality, rng);
        var trabeculae = new List<Shape>(trochanteric);
        if (kind == FemurKind.Native)
        {
            trabeculae.AddRange(compressive);
            trabeculae.AddRange(tensile);
        }
        else
        {
            _ = compressive.Count() + tensile.Count();
        }

        return (shapes, lines, trabeculae, new FemurGeometry(head, radius, neck, junction, shaft, lateral, up, neckLength));
    }
}
