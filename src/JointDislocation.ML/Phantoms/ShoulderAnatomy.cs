namespace JointDislocation.ML.Phantoms;

/// <summary>
/// A right shoulder in one of the three views of a shoulder series, in millimetres, +y inferior, origin at the
/// glenoid's centre: the true AP (the head overlaps the glenoid, "half-moon"), the Grashey view (the beam along the
/// glenoid face, so the joint space is seen open) and the scapular Y view (the scapula in profile: body, coracoid and
/// spine form a Y whose centre the head covers). Scapula (glenoid, neck, body, lateral border, spine and acromion,
/// coracoid), clavicle, ribs, lung, soft tissue and the humerus (head, tuberosity, neck and a shaft with cortex and
/// medullary canal). The view is drawn from the anatomy stream, so the mix is the same for both labels.
/// </summary>
internal static class ShoulderAnatomy
{
    /// <summary>Shares of the views in a set: AP, then Grashey, the rest scapular Y.</summary>
    public const double ApShare = 0.5;

    /// <inheritdoc cref="ApShare"/>
    public const double GrasheyShare = 0.25;

    /// <summary>Share of anterior dislocations (the rest posterior), about 95 % clinically.</summary>
    public const double AnteriorShare = 0.95;

    /// <param name="rng">The anatomy stream: everything that does not depend on the label, the view included.</param>
    /// <param name="sign">The displacement stream, drawn the same way for both labels, applied only when dislocated.</param>
    /// <param name="dislocated">Whether the displacement is applied.</param>
    /// <param name="difficulty">The difficulty knob: the mean severity of a dislocation.</param>
    public static JointScene Build(DeterministicRandom rng, DeterministicRandom sign, bool dislocated, double difficulty)
    {
        var viewDraw = rng.NextDouble();
        var a = new Sizes(
            HeadRadius: rng.Uniform(20.5, 24.0),
            GlenoidHalfHeight: rng.Uniform(17.5, 19.5),
            GlenoidHalfWidth: rng.Uniform(4.0, 6.5),
            Abduction: rng.Uniform(0.0, 20.0));
        var d = Draw(sign, difficulty);
        if (viewDraw < ApShare)
        {
            return BuildAp(rng, a, d, dislocated);
        }

        return viewDraw < ApShare + GrasheyShare ? BuildGrashey(rng, a, d, dislocated) : BuildScapularY(rng, a, d, dislocated);
    }

    /// <summary>True AP: the head overlaps the glenoid by 4–9 mm (the half-moon).</summary>
    private static JointScene BuildAp(DeterministicRandom rng, Sizes a, Draws d, bool dislocated)
    {
        var scene = new JointScene { View = "AP" };
        var overlap = rng.Uniform(4.0, 9.0);
        var located = new Vec2(-a.HeadRadius + overlap, rng.Uniform(-2.0, 4.0));
        Chest(scene, rng, a.Abduction, grashey: false);
        Scapula(scene, rng, a, grashey: false);

        // Anterior: medial and inferior (below the coracoid, or the glenoid). Posterior: lateral, so that the
        // half-moon is lost and the rim gap (the glenoid's anterior, lateral rim to the head's medial edge) exceeds
        // 6.5 mm at full severity whatever the drawn factor (0.85–1.15); the head internally rotated: the light bulb.
        var anterior = located + (d.AnteriorDirection * d.AnteriorDistance);
        var posterior = located + new Vec2(-d.Posterior((overlap + a.GlenoidHalfWidth + 1.5 + 6.5) / 0.85), d.PosteriorDrift);
        return Humerus(scene, a, d, dislocated, located, anterior, posterior, a.Abduction, lightBulb: true, socketRadius: a.GlenoidHalfHeight + 4);
    }

    /// <summary>
    /// Grashey (true AP of the glenohumeral joint, the patient turned 30–45°): the glenoid seen edge-on as a narrow
    /// bright line and the joint space open between it and the head. A posterior dislocation closes it: the head
    /// overlaps the glenoid.
    /// </summary>
    private static JointScene BuildGrashey(DeterministicRandom rng, Sizes a, Draws d, bool dislocated)
    {
        var scene = new JointScene { View = "GRASHEY" };
        var gap = rng.Uniform(3.5, 6.0);
        var located = new Vec2(-(a.HeadRadius + gap), rng.Uniform(-2.0, 3.0));
        Chest(scene, rng, a.Abduction, grashey: true);
        Scapula(scene, rng, a, grashey: true);

        var anterior = located + (d.AnteriorDirection * d.AnteriorDistance);
        var posterior = located + new Vec2(d.Posterior(gap + 12.0), d.PosteriorDrift);
        return Humerus(scene, a, d, dislocated, located, anterior, posterior, a.Abduction, lightBulb: true, socketRadius: a.GlenoidHalfHeight + 4);
    }

    /// <summary>
    /// Scapular Y (lateral of the scapula): +x anterior. The body seen edge-on is the Y's stem, the coracoid its
    /// anterior arm, the spine and acromion its posterior arm; the glenoid at the centre, covered by the head when
    /// located. Anterior dislocation: the head in front of the Y's centre and below the coracoid; posterior: behind it,
    /// under the acromion.
    /// </summary>
    private static JointScene BuildScapularY(DeterministicRandom rng, Sizes a, Draws d, bool dislocated)
    {
        var scene = new JointScene { View = "Y VIEW" };
        var located = new Vec2(rng.Uniform(-3.0, 3.0), rng.Uniform(-2.0, 3.0));
        var armAngle = rng.Uniform(-8.0, 8.0);
        var lean = rng.Uniform(-10.0, 6.0);
        Vec2 S(double x, double y) => new Vec2(x, y).Rotate(lean);

        // Soft tissue: the beam crosses the whole chest obliquely, so there is much of it; the lung lies in front.
        scene.Add(
            new Ellipsoid(S(55, 70), 130, 230, lean, 105, 0, Mu.Soft, Mu.Soft, false),
            new Ellipsoid(new Vec2(-4, -4), rng.Uniform(52, 62), rng.Uniform(55, 65), 0, 55, 0, Mu.Soft, Mu.Soft, false),
            new Capsule(new Vec2(0, 20), new Vec2(0, 20) + (new Vec2(0, 1).Rotate(armAngle) * 280), 46, 40, 0.9, 0, Mu.Soft, Mu.Soft, false));
        scene.Bodies.Add(new Body([new Ellipsoid(S(rng.Uniform(85, 105), rng.Uniform(60, 80)), rng.Uniform(70, 85), 150, lean + rng.Uniform(-8, 8), 40, 0, Mu.Soft, Mu.Soft, false)], Sign: -1));

        // Ribs: seen obliquely, arcs running from high in front down and backwards across the scapula.
        var ribStart = rng.Uniform(-60, -40);
        var ribGap = rng.Uniform(22, 26);
        for (var i = 0; i < 7; i++)
        {
            var y = ribStart + (i * ribGap);
            scene.Add(ShapeBuilder.Polyline(ShapeBuilder.Arc(S(-150, y - 150), 260, 15, 68, 10), 5.0, 4.0, 0.7, 1.1, Mu.Cortex, Mu.Cancellous, true));
        }

        // Clavicle, nearly end-on above the coracoid.
        scene.Add(new Capsule(S(-14, -64), S(28, -74), 8.5, 7.5, 1.1, 2.2, Mu.Cortex, Mu.Cancellous, true));

        // The Y: stem (body edge-on, bright), anterior arm (coracoid, hooking forwards), posterior arm (spine into
        // the acromion, over the head). Seen edge-on the thin plates run along the ray, hence the depth.
        var scapula = new List<Shape>();
        scapula.AddRange(ShapeBuilder.Polyline([S(-2, 6), S(-8, 60), S(-16, 125)], 6.0, 3.5, 1.1, 1.6, Mu.Cortex, Mu.Cancellous, true));
        scapula.AddRange(ShapeBuilder.Polyline([S(1, -4), S(16, -26), S(32, -40), S(44, -38)], 6.0, 4.5, 0.9, 1.5, Mu.Cortex, Mu.Cancellous, true));
        scapula.AddRange(ShapeBuilder.Polyline([S(-2, -4), S(-20, -28), S(-34, -50), S(-26, -66), S(-8, -70)], 7.0, 5.5, 1.0, 1.6, Mu.Cortex, Mu.Cancellous, true));
        scapula.Add(new Ellipsoid(S(0, 0), 11, 16, lean, 8, 1.6, Mu.Cortex, Mu.Cancellous, true));
        scene.Bodies.Add(new Body(scapula));

        var anterior = located + (d.YAnteriorDirection * d.AnteriorDistance);
        var posterior = located + (new Vec2(-1.0, 0.1 + (d.PosteriorDrift / 20)).Normalized * d.Posterior(26.0));
        return Humerus(scene, a, d, dislocated, located, anterior, posterior, armAngle, lightBulb: false, socketRadius: 22);
    }

    /// <summary>Soft tissue, ribs, lung and clavicle of the AP and Grashey views (+x medial).</summary>
    private static void Chest(JointScene scene, DeterministicRandom rng, double abduction, bool grashey)
    {
        var down = new Vec2(-Math.Sin(abduction * Math.PI / 180), Math.Cos(abduction * Math.PI / 180));
        scene.Add(
            new Ellipsoid(new Vec2(150, 90), 150, 260, rng.Uniform(-5, 5), 105, 0, Mu.Soft, Mu.Soft, false),
            new Ellipsoid(new Vec2(-18, 5), rng.Uniform(50, 60), rng.Uniform(55, 65), 0, 52, 0, Mu.Soft, Mu.Soft, false),
            new Capsule(new Vec2(-20, 20), new Vec2(-20, 20) + (down * 280), 48, 40, 0.9, 0, Mu.Soft, Mu.Soft, false));
        var lungX = rng.Uniform(135, 150) - (grashey ? 15 : 0);
        scene.Bodies.Add(new Body([new Ellipsoid(new Vec2(lungX, rng.Uniform(115, 130)), rng.Uniform(65, 75), 140, rng.Uniform(-8, 4), 62, 0, Mu.Soft, Mu.Soft, false)], Sign: -1));

        // Ribs: curved bands across the medial field, behind the scapula.
        var ribStart = rng.Uniform(-55, -35);
        for (var i = 0; i < 7; i++)
        {
            var y = ribStart + (i * rng.Uniform(24, 28));
            var centre = new Vec2(grashey ? 235 : 250, y + 110);
            scene.Add(ShapeBuilder.Polyline(ShapeBuilder.Arc(centre, 210, 205, 258, 10), 5.5, 4.5, 0.7, 1.2, Mu.Cortex, Mu.Cancellous, true));
        }

        // Clavicle: an S-shaped tube from the acromioclavicular joint medially (foreshortened on a Grashey view).
        var k = grashey ? 0.85 : 1.0;
        Vec2[] clavicle = [new(-22, -50), new(15 * k, -57), new(70 * k, -62), new(130 * k, -55), new(190 * k, -68)];
        scene.Add(ShapeBuilder.Polyline(clavicle, 8, 9.5, 0.9, 2.2, Mu.Cortex, Mu.Cancellous, true));
    }

    /// <summary>The scapula of the AP and Grashey views: neck, body, lateral border, spine into the acromion, coracoid, glenoid.</summary>
    private static void Scapula(JointScene scene, DeterministicRandom rng, Sizes a, bool grashey)
    {
        // On a Grashey view the scapula is turned: its body narrower, the coracoid over the upper glenoid.
        var bodyWidth = grashey ? 30 : 42;
        var scapula = new List<Shape>
        {
            new Capsule(new Vec2(2, 2), new Vec2(30, 10), 16, 14, 0.6, 2.0, Mu.Cortex, Mu.Cancellous, true),
            new Ellipsoid(new Vec2(grashey ? 50 : 62, 62), bodyWidth, 88, grashey ? -16 : -22, grashey ? 9 : 6, 2.2, Mu.Cortex, Mu.Cancellous, true),
        };
        scapula.AddRange(ShapeBuilder.Polyline([new(6, 19), new(grashey ? 24 : 30, 80), new(grashey ? 44 : 58, 140)], 5.5, 4.0, 0.8, 1.6, Mu.Cortex, Mu.Cancellous, true));
        scapula.AddRange(ShapeBuilder.Polyline([new(135, -20), new(70, -38), new(15, -45), new(-26, -38)], 6, 7.5, 0.6, 1.5, Mu.Cortex, Mu.Cancellous, true));
        Vec2[] coracoid = grashey
            ? [new(22, -12), new(18, -27), new(6, -32), new(-4, -27)]
            : [new(18, -12), new(24, -28), new(12, -38), new(0, -35)];
        scapula.AddRange(ShapeBuilder.Polyline(coracoid, 6.5, 5.0, 0.8, 1.5, Mu.Cortex, Mu.Cancellous, true));
        scene.Bodies.Add(new Body(scapula));

        var glenoidTilt = rng.Uniform(-6, 6);
        if (grashey)
        {
            // Seen along its face: the two rims superimpose into one narrow bright band, concave towards the head.
            scene.Bodies.Add(new Body([new Ellipsoid(new Vec2(3.0, 0), 3.5, a.GlenoidHalfHeight, glenoidTilt, 13, 1.6, Mu.Cortex, Mu.Cancellous, true)]));
            return;
        }

        // AP: the anterior and posterior rims project as an oval outline (the fossa faces obliquely forward),
        // not as a solid lens; the rim adds on top of the scapular neck behind it.
        scene.Bodies.Add(new Body([new Slab(
            [ShapeBuilder.EllipseLoop(new Vec2(0, 0), a.GlenoidHalfWidth + 1.5, a.GlenoidHalfHeight, glenoidTilt),
             ShapeBuilder.EllipseLoop(new Vec2(0.5, 0), Math.Max(a.GlenoidHalfWidth - 2.0, 1.5), a.GlenoidHalfHeight - 3.0, glenoidTilt)],
            3.5, 1.0, Mu.Cortex, Mu.Cancellous, true)]));
    }

    /// <summary>
    /// The humerus, located or at the drawn dislocation, and the scene's ground truth: head (sphere with a thin
    /// cortex), greater tuberosity (in front of the head when internally rotated: the light bulb), surgical neck and a
    /// shaft whose thick cortex surrounds a darker medullary canal.
    /// </summary>
    private static JointScene Humerus(JointScene scene, Sizes a, Draws d, bool dislocated, Vec2 located, Vec2 anterior, Vec2 posterior, double armAngle, bool lightBulb, double socketRadius)
    {
        var r = a.HeadRadius;
        var potential = d.Anterior ? anterior : posterior;
        var head = located + d.Jitter;
        var rotation = 0.0;
        var tuberosityTurn = 0.0;
        if (dislocated)
        {
            head = potential;
            rotation = d.Anterior ? d.AnteriorRotation : 0.0;
            tuberosityTurn = d.Anterior || !lightBulb ? 0.0 : d.PosteriorTurn;
            scene.Variant = !d.Anterior ? "posterior" : d.Subglenoid ? "anterior-subglenoid" : "anterior-subcoracoid";
        }

        var shaftDirection = new Vec2(-Math.Sin((armAngle + rotation) * Math.PI / 180), Math.Cos((armAngle + rotation) * Math.PI / 180));
        var lateral = new Vec2(-1, 0).Rotate(rotation);
        var tuberosity = head + (lateral * (r * 0.85 * (1 - tuberosityTurn))) + new Vec2(0, -r * 0.35 * (1 - tuberosityTurn));
        var neck = head + (lateral * 6);
        var humerus = new List<Shape>
        {
            new Ellipsoid(head, r, r, 0, r, 1.3, Mu.Cortex, Mu.Cancellous, true),
            new Ellipsoid(tuberosity, 12, 15, rotation, 10, 0.8, Mu.Cancellous * 1.5, Mu.Cancellous, true),
            new Capsule(neck, neck + (shaftDirection * 50), 17, 13, 1.0, 1.6, Mu.Cortex, Mu.Cancellous, true),
            new Capsule(neck + (shaftDirection * 45), neck + (shaftDirection * 300), 12.5, 10.5, 1.0, 3.6, Mu.Cortex, Mu.Marrow, false) { FlatEnds = true },
        };
        scene.Bodies.Add(new Body(humerus));

        scene.Socket = new Vec2(0, 0);
        scene.Head = head;
        scene.HeadRadius = r;
        scene.DisplacementMm = (head - located).Length;
        scene.RoiCircles.Add((new Vec2(0, 0), socketRadius));
        scene.RoiCircles.Add((located, r + 3));
        scene.RoiCircles.Add((head, r + 3));
        scene.FramingCircles.Add((new Vec2(0, 0), socketRadius));
        scene.FramingCircles.Add((located, r + 4));
        scene.FramingCircles.Add((potential, r + 3));
        return scene;
    }

    /// <summary>
    /// The displacement stream's draws, the same for every view and both labels (a located joint draws them too and
    /// ignores them), so that neither the view nor the label shifts any other draw.
    /// </summary>
    private static Draws Draw(DeterministicRandom sign, double difficulty)
    {
        var severity = Displacement.Severity(difficulty, sign);
        var anterior = sign.Chance(AnteriorShare);
        var subglenoid = sign.Chance(0.25);
        var turn = sign.Uniform(-8, 8);
        var direction = (subglenoid ? new Vec2(0.35, 1.0) : new Vec2(1.0, 0.85)).Normalized.Rotate(turn);
        var yDirection = (subglenoid ? new Vec2(0.5, 1.0) : new Vec2(1.0, 0.55)).Normalized.Rotate(turn);
        var distance = Displacement.Scale(subglenoid ? 42 : 40, 6, severity, sign);
        var rotation = sign.Uniform(-5, 15) * (1 - (0.7 * severity));
        var posteriorFactor = sign.Uniform(0.85, 1.15);
        var drift = sign.Uniform(-2, 2);
        var posteriorTurn = sign.Uniform(0.7, 1.0) * (1 - (0.5 * severity));
        var jitter = new Vec2(sign.Uniform(-0.7, 0.7), sign.Uniform(-0.7, 0.7));
        return new Draws(severity, anterior, subglenoid, direction, yDirection, distance, rotation, posteriorFactor, drift, posteriorTurn, jitter);
    }

    private sealed record Sizes(double HeadRadius, double GlenoidHalfHeight, double GlenoidHalfWidth, double Abduction);

    private sealed record Draws(
        double Severity,
        bool Anterior,
        bool Subglenoid,
        Vec2 AnteriorDirection,
        Vec2 YAnteriorDirection,
        double AnteriorDistance,
        double AnteriorRotation,
        double PosteriorFactor,
        double PosteriorDrift,
        double PosteriorTurn,
        Vec2 Jitter)
    {
        /// <summary>A posterior displacement: <paramref name="gross"/> at severity 0, 5 mm (a subluxation) at 1.</summary>
        public double Posterior(double gross) => ((gross * (1.0 - Severity)) + (5.0 * Severity)) * PosteriorFactor;
    }
}
