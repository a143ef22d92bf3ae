namespace JointDislocation.ML.Phantoms;

/// <summary>
/// An elbow in millimetres, origin at the trochlea's centre, in the lateral view (flexed about 90°: the humeral shaft
/// runs up (−y), the forearm anterior (+x)) that dominates dislocation images, or in the AP view (extended: +x
/// lateral, the forearm down). Lateral: the distal humerus flares from the shaft into the condyles, with the teardrop
/// (the thin bone between the coronoid and olecranon fossae, outlined by cortex) above the concentric trochlea and
/// capitellum; the ulna's trochlear notch wraps the trochlea from the olecranon (behind) to the coronoid (in front);
/// the radial head faces the capitellum, its shaft on the radiocapitellar line; the anterior fat pad lies against the
/// humerus, and with an effusion it lifts and the posterior one shows. AP: epicondyles, olecranon fossa, capitellum
/// and trochlea, the radial head under the capitellum and the ulna under the trochlea, the forearm in valgus.
/// The view and the effusion are drawn from the anatomy stream, so they are the same for both labels.
/// </summary>
internal static class ElbowAnatomy
{
    /// <summary>Share of lateral views (the rest AP).</summary>
    public const double LateralShare = 0.75;

    /// <summary>Share of elbows with an effusion (a lifted anterior and a visible posterior fat pad), either label.</summary>
    public const double EffusionShare = 0.35;

    /// <param name="rng">The anatomy stream: everything that does not depend on the label, the view included.</param>
    /// <param name="sign">The displacement stream, drawn the same way for both labels, applied only when dislocated.</param>
    /// <param name="dislocated">Whether the displacement is applied.</param>
    /// <param name="difficulty">The difficulty knob: the mean severity of a dislocation.</param>
    public static JointScene Build(DeterministicRandom rng, DeterministicRandom sign, bool dislocated, double difficulty)
    {
        var lateral = rng.Chance(LateralShare);

        // Where the forearm goes, drawn for both labels and both views from its own stream: posterior (−x) and
        // proximal (−y) behind the humerus on the lateral; on the AP the same move shows as the forearm riding up
        // over the humerus, and shifted laterally when posterolateral.
        var jitter = new Vec2(sign.Uniform(-0.3, 0.3), sign.Uniform(-0.3, 0.3));
        var severity = Displacement.Severity(difficulty, sign);
        var distance = Displacement.Scale(28, 5, severity, sign);
        var proximal = sign.Uniform(0.35, 0.8);
        var turn = sign.Uniform(-12, 12) * (1 - severity);
        var posterolateral = !sign.Chance(0.7);
        var sideways = posterolateral ? sign.Uniform(0.35, 0.75) : sign.Uniform(-0.1, 0.2);
        var d = new Draws(jitter, distance, proximal, turn, posterolateral, sideways);
        return lateral ? BuildLateral(rng, d, dislocated) : BuildAp(rng, d, dislocated);
    }

    private static JointScene BuildLateral(DeterministicRandom rng, Draws d, bool dislocated)
    {
        var scene = new JointScene { View = "LAT" };
        var trochleaRadius = rng.Uniform(10.0, 12.0);
        var capitellumRadius = trochleaRadius * rng.Uniform(0.85, 0.95);
        var capitellumLocal = new Vec2(rng.Uniform(3.5, 5.5), rng.Uniform(0.5, 2.0));
        var humerusTilt = rng.Uniform(-8, 8);
        var flexion = rng.Uniform(80, 105);
        var up = new Vec2(0, -1).Rotate(humerusTilt);
        var forearm = up.Rotate(flexion);
        var dorsal = forearm.Rotate(90);
        Vec2 H(double x, double y) => new Vec2(x, y).Rotate(humerusTilt);

        // Where the forearm goes: posterior (−x) and proximal (−y) behind the humerus when dislocated.
        // The displacement is drawn for both labels from its own stream and applied only when dislocated.
        var jitter = d.Jitter;
        var potentialShift = new Vec2(-1.0, -d.Proximal).Normalized * d.Distance;
        var potentialTurn = d.Turn;
        var posterolateral = d.Posterolateral;
        var shift = jitter;
        var turn = 0.0;
        if (dislocated)
        {
            shift = potentialShift;
            turn = potentialTurn;
            scene.Variant = posterolateral ? "posterolateral" : "posterior";
        }

        // The forearm's bones are laid out located, then moved as one: turned about the trochlea and shifted.
        Vec2 M(Vec2 p) => shift + p.Rotate(turn);

        // Soft tissue of arm and forearm. The envelope does not follow a dislocation: the bones move inside it, so
        // the amount of tissue in view (and with it the image's global statistics) does not depend on the label.
        scene.Add(
            new Capsule(new Vec2(-4, 0), (up * 260) + new Vec2(-4, 0), 36, 42, 0.85, 0, Mu.Soft, Mu.Soft, false),
            new Capsule(new Vec2(-8, 4), new Vec2(-8, 4) + (forearm * 260), 40, 30, 0.85, 0, Mu.Soft, Mu.Soft, false),
            new Ellipsoid(new Vec2(-12, -2), 44, 40, 0, 34, 0, Mu.Soft, Mu.Soft, false));

        // Distal humerus: shaft, the flared supracondylar plate with the teardrop as a hole, trochlea, capitellum.
        var capitellum = H(capitellumLocal.X, capitellumLocal.Y);
        Vec2[] flare = [H(-16, -62), H(4, -62), H(7, -40), H(12, -21), H(14.5, -8), H(8, 6), H(-8, 6), H(-13.5, -6), H(-19, -22), H(-18, -42)];
        var teardrop = ShapeBuilder.Arc(H(-3, -16), 4.5, humerusTilt, humerusTilt + 180, 6).Append(H(-5.5, -36)).ToArray();
        var humerus = new List<Shape>
        {
            new Capsule(H(-6, -45), H(-6, -260), 10.5, 9.5, 1.0, 3.2, Mu.Cortex, Mu.Marrow, false) { FlatEnds = true },
            new Slab([ShapeBuilder.SmoothLoop(flare, 5, 0, 5), new SlabLoop(teardrop)], 11, 1.3, Mu.Cortex, Mu.Cancellous, true),
            new Ellipsoid(new Vec2(0, 0), trochleaRadius, trochleaRadius, 0, trochleaRadius * 1.2, 1.4, Mu.Cortex, Mu.Cancellous, true),
        };
        scene.Bodies.Add(new Body(humerus));
        scene.Bodies.Add(new Body([new Ellipsoid(capitellum, capitellumRadius, capitellumRadius, 0, capitellumRadius * 0.8, 1.2, Mu.Cortex, Mu.Cancellous, true)]));

        // Fat pads: fat is a little less dense than the soft tissue around it, so a pad is a thin dark lens. The
        // anterior pad lies against the humerus over the coronoid fossa; an effusion lifts it (the "sail") and pushes
        // the posterior pad out of the olecranon fossa, where it shows. The effusion is drawn independently of the
        // label (effusions come with fractures too, and dislocated elbows seen after reduction): a fat pad drawn by
        // label would teach a model the fat pad instead of where the bones are.
        var effusion = rng.Chance(EffusionShare);
        var lift = effusion ? rng.Uniform(2.5, 5.0) : rng.Uniform(0.0, 0.8);
        const double Fat = Mu.Soft * 0.45;
        var fatPads = new List<Shape> { new Ellipsoid(H(12.5 + lift, -29), 2.0 + (0.4 * lift), 11 + lift, humerusTilt + (3 * lift), 13, 0, Fat, Fat, false) };
        if (effusion)
        {
            fatPads.Add(new Ellipsoid(H(-23 - (0.5 * lift), -33), 2.2 + (0.3 * lift), 10, humerusTilt - (2 * lift), 13, 0, Fat, Fat, false));
        }

        scene.Bodies.Add(new Body(fatPads, Sign: -1));

        // Ulna: one outline from the coronoid tip round the body and the olecranon, back along the trochlear notch.
        var notch = trochleaRadius + 1.6;
        Vec2 U(double a, double b) => M((forearm * a) + (dorsal * b));
        var ulnaOutline = new List<Vec2>
        {
            U(notch * 0.906, -notch * 0.423), U(notch + 4, 1), U(notch + 10, 9), U(notch + 22, 12), U(60, 12.5),
            U(60, 26), U(32, 27.5), U(5, 28), U(-10, 26), U(-notch - 6, 17), U(-notch - 8, 4), U(-notch - 6, -7),
            U(-notch + 0.5, (-notch * 0.42) - 2.5),
        };
        foreach (var p in ShapeBuilder.Arc(new Vec2(0, 0), notch, 200, -25, 12).SkipLast(1))
        {
            ulnaOutline.Add(U(p.X, p.Y));
        }

        var ulna = new List<Shape>
        {
            new Slab([ShapeBuilder.SmoothLoop(ulnaOutline, 4, 4)], 10, 1.4, Mu.Cortex, Mu.Cancellous, true),
            new Capsule(U(45, 19.5), U(250, 18), 7.5, 6.0, 1.0, 2.6, Mu.Cortex, Mu.Marrow, false),
        };
        scene.Bodies.Add(new Body(ulna));

        // Radius: head facing the capitellum, neck, tuberosity and shaft, all on the radiocapitellar line.
        var radialHeadRadius = rng.Uniform(10.0, 12.0);
        var lean = rng.Uniform(-2, 5);
        var along = forearm.Rotate(lean);
        var across = dorsal.Rotate(lean);
        var face = capitellumRadius + 1.0;
        Vec2 R(double a, double b) => M(capitellum + (along * (face + a)) + (across * b));
        var rh = radialHeadRadius;
        Vec2[] radiusOutline =
        [
            R(0.8, -rh), R(9, -rh + 0.5), R(12, -7), R(22, -6), R(40, -6.5), R(48, -6.8),
            R(48, 6.8), R(38, 8.5), R(30, 9.5), R(24, 6.5), R(12, 7), R(9, rh - 0.5), R(0.8, rh), R(2.5, 0),
        ];
        var radius = new List<Shape>
        {
            new Slab([ShapeBuilder.SmoothLoop(radiusOutline, 4, 5)], 9, 1.3, Mu.Cortex, Mu.Cancellous, true),
            new Capsule(R(42, 0), R(240, 0), 6.5, 8.0, 1.0, 2.4, Mu.Cortex, Mu.Marrow, false),
        };
        scene.Bodies.Add(new Body(radius));

        var radialHead = R(5, 0);
        var olecranon = U(-notch - 4, -2);
        scene.Socket = new Vec2(0, 0);
        scene.Head = radialHead;
        scene.HeadRadius = radialHeadRadius;
        scene.DisplacementMm = shift.Length;
        scene.RoiCircles.Add((new Vec2(-2, -8), 26));
        scene.RoiCircles.Add((capitellum + (forearm * (face + 5)), radialHeadRadius + 4));
        scene.RoiCircles.Add((radialHead, radialHeadRadius + 4));
        scene.RoiCircles.Add((olecranon, 14));

        // Framing: the same circles with the forearm located and with it where a dislocation would put it.
        Vec2 Located(Vec2 p) => jitter + p;
        Vec2 Displaced(Vec2 p) => potentialShift + p.Rotate(potentialTurn);
        var radialHeadLocal = capitellum + (along * (face + 5));
        var olecranonLocal = (forearm * (-notch - 4)) + (dorsal * -2);
        scene.FramingCircles.Add((new Vec2(-2, -8), 26));
        scene.FramingCircles.Add((capitellum + (forearm * (face + 5)), radialHeadRadius + 4));
        foreach (var place in new Func<Vec2, Vec2>[] { Located, Displaced })
        {
            scene.FramingCircles.Add((place(radialHeadLocal), radialHeadRadius + 5));
            scene.FramingCircles.Add((place(olecranonLocal), 15));
        }

        return scene;
    }

    /// <summary>AP view, extended: +x lateral (radial side), +y distal.</summary>
    private static JointScene BuildAp(DeterministicRandom rng, Draws d, bool dislocated)
    {
        var scene = new JointScene { View = "AP" };
        var capitellumRadius = rng.Uniform(9.0, 11.0);
        var cx = rng.Uniform(15.0, 19.0);
        var trochleaHalfWidth = rng.Uniform(11.0, 13.0);
        var radialHeadRadius = rng.Uniform(10.0, 12.0);
        var carry = rng.Uniform(5.0, 15.0);
        var humerusTilt = rng.Uniform(-5, 5);
        Vec2 H(double x, double y) => new Vec2(x, y).Rotate(humerusTilt);

        var shift = d.Jitter;
        var turn = 0.0;
        var potentialShift = new Vec2(d.Sideways, -d.Proximal).Normalized * (d.Distance * 0.75);
        if (dislocated)
        {
            shift = potentialShift;
            turn = d.Turn * 0.5;
            scene.Variant = d.Posterolateral ? "posterolateral" : "posterior";
        }

        // The forearm is laid out located (in valgus, the carrying angle, about the radiocapitellar contact), then moved.
        var pivot = new Vec2(cx, capitellumRadius + 1.5);
        Vec2 F(double x, double y) => pivot + (new Vec2(x, y) - pivot).Rotate(-carry);
        Vec2 M(double x, double y) => shift + pivot + (F(x, y) - pivot).Rotate(turn);

        scene.Add(
            new Capsule(new Vec2(0, 0), H(0, -260), 38, 44, 0.8, 0, Mu.Soft, Mu.Soft, false),
            new Capsule(new Vec2(2, 4), F(6, 260), 42, 32, 0.8, 0, Mu.Soft, Mu.Soft, false));

        // Distal humerus: shaft, the flare to the epicondyles with the olecranon fossa as a thin (lucent) hole.
        Vec2[] flare =
        [
            H(-11, -62), H(11, -62), H(14, -40), H(22, -22), H(cx + 11, -12), H(cx + 9, -2), H(cx + 3, 8), H(cx - 7, 9),
            H(-4, 13), H(-14, 11), H(-21, -2), H(-34, -14), H(-30, -22), H(-16, -40),
        ];
        var humerus = new List<Shape>
        {
            new Capsule(H(0, -45), H(0, -260), 10.5, 9.5, 1.0, 3.2, Mu.Cortex, Mu.Marrow, false) { FlatEnds = true },
            new Slab([ShapeBuilder.SmoothLoop(flare, 5, 0), ShapeBuilder.EllipseLoop(H(-2, -24), 7, 6, humerusTilt)], 9, 1.3, Mu.Cortex, Mu.Cancellous, true),
            new Ellipsoid(H(-4, 2), trochleaHalfWidth, 8, humerusTilt, 11, 1.3, Mu.Cortex, Mu.Cancellous, true),
        };
        scene.Bodies.Add(new Body(humerus));
        var capitellum = H(cx, 0);
        scene.Bodies.Add(new Body([new Ellipsoid(capitellum, capitellumRadius, capitellumRadius, 0, capitellumRadius * 0.8, 1.2, Mu.Cortex, Mu.Cancellous, true)]));

        // Ulna: the proximal end under the trochlea (coronoid, radial notch), the olecranon seen through the fossa.
        var top = 12.6;
        Vec2[] ulnaOutline =
        [
            M(-19, top + 1), M(-12, top + 2.5), M(-4, top + 3), M(4, top + 2), M(8, top + 4), M(7, top + 17), M(4, top + 35),
            M(0, top + 50), M(-9, top + 50), M(-12, top + 31), M(-17, top + 15), M(-23, top + 6),
        ];
        var ulna = new List<Shape>
        {
            new Slab([ShapeBuilder.SmoothLoop(ulnaOutline, 5, 7)], 9, 1.3, Mu.Cortex, Mu.Cancellous, true),
            new Ellipsoid(M(-3, -2), 10, 15, humerusTilt - carry, 8, 1.2, Mu.Cortex, Mu.Cancellous, true),
            new Capsule(M(-4.5, top + 45), M(-6, 260), 8.0, 6.0, 1.0, 2.6, Mu.Cortex, Mu.Marrow, false),
        };
        scene.Bodies.Add(new Body(ulna));

        // Radius: head (20–24 mm across) under the capitellum, neck, tuberosity, shaft on the radiocapitellar line.
        var t = capitellumRadius + 1.5;
        var rh = radialHeadRadius;
        Vec2[] radiusOutline =
        [
            M(cx - rh, t), M(cx, t + 1.2), M(cx + rh, t), M(cx + rh - 0.5, t + 9), M(cx + 6, t + 13), M(cx + 6, t + 26),
            M(cx + 7.5, t + 40), M(cx + 7, t + 50), M(cx - 7, t + 50), M(cx - 9, t + 36), M(cx - 6, t + 26), M(cx - 6, t + 13), M(cx - rh + 0.5, t + 9),
        ];
        var radius = new List<Shape>
        {
            new Slab([ShapeBuilder.SmoothLoop(radiusOutline, 4, 7)], 9, 1.3, Mu.Cortex, Mu.Cancellous, true),
            new Capsule(M(cx, t + 45), M(cx + 4, t + 250), 7.0, 8.0, 1.0, 2.4, Mu.Cortex, Mu.Marrow, false),
        };
        scene.Bodies.Add(new Body(radius));

        var radialHead = M(cx, t + 5);
        scene.Socket = new Vec2(0, 0);
        scene.Head = radialHead;
        scene.HeadRadius = rh;
        scene.DisplacementMm = shift.Length;
        scene.RoiCircles.Add((new Vec2(cx / 2, 2), 26));
        scene.RoiCircles.Add((F(cx, t + 5) + d.Jitter, rh + 4));
        scene.RoiCircles.Add((radialHead, rh + 4));
        scene.RoiCircles.Add((M(-6, top + 8), 14));

        Vec2 Displaced(double x, double y) => potentialShift + pivot + (F(x, y) - pivot).Rotate(d.Turn * 0.5);
        scene.FramingCircles.Add((new Vec2(cx / 2, 2), 26));
        scene.FramingCircles.Add((F(cx, t + 5) + d.Jitter, rh + 5));
        scene.FramingCircles.Add((F(-6, top + 8) + d.Jitter, 15));
        scene.FramingCircles.Add((Displaced(cx, t + 5), rh + 5));
        scene.FramingCircles.Add((Displaced(-6, top + 8), 15));
        return scene;
    }

    private sealed record Draws(Vec2 Jitter, double Distance, double Proximal, double Turn, bool Posterolateral, double Sideways);
}
