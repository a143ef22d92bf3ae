namespace JointDislocation.ML.Phantoms;

/// <summary>
/// A right shoulder, AP view, in millimetres: +x medial, +y inferior, origin at the glenoid's centre. Scapula
/// (glenoid, neck, body, lateral border, spine and acromion, coracoid), clavicle, ribs, lung, soft tissue and the
/// humerus, whose head overlaps the glenoid when located ("half-moon").
/// </summary>
internal static class ShoulderAnatomy
{
    /// <param name="rng">The anatomy stream: everything that does not depend on the label.</param>
    /// <param name="sign">The displacement stream, drawn the same way for both labels, applied only when dislocated.</param>
    /// <param name="dislocated">Whether the displacement is applied.</param>
    /// <param name="difficulty">The difficulty knob: the mean severity of a dislocation.</param>
    public static JointScene Build(DeterministicRandom rng, DeterministicRandom sign, bool dislocated, double difficulty)
    {
        var scene = new JointScene { View = "AP" };
        var headRadius = rng.Uniform(20.5, 24.0);
        var glenoidHalfHeight = rng.Uniform(17.5, 19.5);
        var glenoidHalfWidth = rng.Uniform(4.0, 6.5);
        var overlap = rng.Uniform(4.0, 9.0);
        var located = new Vec2(-headRadius + overlap, rng.Uniform(-2.0, 4.0));
        var abduction = rng.Uniform(0.0, 20.0);

        // Soft tissue: torso, deltoid and arm united; the lung takes some of it away.
        scene.Add(
            new Ellipsoid(new Vec2(150, 90), 150, 260, rng.Uniform(-5, 5), 105, 0, Mu.Soft, Mu.Soft, false),
            new Ellipsoid(new Vec2(-18, 5), rng.Uniform(50, 60), rng.Uniform(55, 65), 0, 52, 0, Mu.Soft, Mu.Soft, false),
            new Capsule(new Vec2(-20, 20), new Vec2(-20 - (280 * Math.Sin(abduction * Math.PI / 180)), 20 + (280 * Math.Cos(abduction * Math.PI / 180))), 48, 40, 0.9, 0, Mu.Soft, Mu.Soft, false));
        scene.Bodies.Add(new Body([new Ellipsoid(new Vec2(rng.Uniform(135, 150), rng.Uniform(115, 130)), rng.Uniform(65, 75), 140, rng.Uniform(-8, 4), 62, 0, Mu.Soft, Mu.Soft, false)], Sign: -1));

        // Ribs: curved bands across the medial field, behind the scapula.
        var ribStart = rng.Uniform(-55, -35);
        for (var i = 0; i < 7; i++)
        {
            var y = ribStart + (i * rng.Uniform(24, 28));
            var centre = new Vec2(250, y + 110);
            scene.Add(ShapeBuilder.Polyline(ShapeBuilder.Arc(centre, 210, 205, 258, 10), 5.5, 4.5, 0.7, 1.2, Mu.Cortex, Mu.Cancellous, true));
        }

        // Clavicle: an S-shaped tube from the acromioclavicular joint medially.
        Vec2[] clavicle = [new(-22, -50), new(15, -57), new(70, -62), new(130, -55), new(190, -68)];
        scene.Add(ShapeBuilder.Polyline(clavicle, 8, 9.5, 0.9, 2.2, Mu.Cortex, Mu.Cancellous, true));

        // Scapula: glenoid oval, neck, thin body with a thick lateral border, spine into the acromion, coracoid.
        var scapula = new List<Shape>
        {
            new Capsule(new Vec2(2, 2), new Vec2(30, 10), 16, 14, 0.6, 2.0, Mu.Cortex, Mu.Cancellous, true),
            new Ellipsoid(new Vec2(62, 62), 42, 88, -22, 6, 2.2, Mu.Cortex, Mu.Cancellous, true),
        };
        scapula.AddRange(ShapeBuilder.Polyline([new(6, 19), new(30, 80), new(58, 140)], 5.5, 4.0, 0.8, 1.6, Mu.Cortex, Mu.Cancellous, true));
        scapula.AddRange(ShapeBuilder.Polyline([new(135, -20), new(70, -38), new(15, -45), new(-26, -38)], 6, 7.5, 0.6, 1.5, Mu.Cortex, Mu.Cancellous, true));
        scapula.AddRange(ShapeBuilder.Polyline([new(18, -12), new(24, -28), new(12, -38), new(0, -35)], 6.5, 5.0, 0.8, 1.5, Mu.Cortex, Mu.Cancellous, true));
        scene.Bodies.Add(new Body(scapula));

        // Glenoid: its anterior and posterior rims project as an oval outline (the fossa faces obliquely forward),
        // not as a solid lens; the rim adds on top of the scapular neck behind it.
        var glenoidTilt = rng.Uniform(-6, 6);
        scene.Bodies.Add(new Body([new Slab(
            [ShapeBuilder.EllipseLoop(new Vec2(0, 0), glenoidHalfWidth + 1.5, glenoidHalfHeight, glenoidTilt),
             ShapeBuilder.EllipseLoop(new Vec2(0.5, 0), Math.Max(glenoidHalfWidth - 2.0, 1.5), glenoidHalfHeight - 3.0, glenoidTilt)],
            3.5, 1.0, Mu.Cortex, Mu.Cancellous, true)]));

        // Where the head goes: anterior dislocations (most) medial and inferior, below the coracoid or the glenoid;
        // posterior ones (a few) stay level, slightly lateral, internally rotated (light bulb) with a wide rim gap.
        var severity = Displacement.Severity(difficulty, sign);
        var anterior = sign.Chance(0.8);
        var subglenoid = sign.Chance(0.25);
        var anteriorDirection = (subglenoid ? new Vec2(0.35, 1.0).Normalized : new Vec2(1.0, 0.85).Normalized).Rotate(sign.Uniform(-8, 8));
        var anteriorDistance = Displacement.Scale(subglenoid ? 42 : 40, 6, severity, sign);
        var anteriorRotation = sign.Uniform(-5, 15) * (1 - (0.7 * severity));
        var posteriorDistance = Displacement.Scale(14, 5, severity, sign);
        var posteriorDrift = sign.Uniform(-2, 2);
        var posteriorTurn = sign.Uniform(0.7, 1.0) * (1 - (0.5 * severity));
        var jitter = new Vec2(sign.Uniform(-0.7, 0.7), sign.Uniform(-0.7, 0.7));
        var potential = anterior ? located + (anteriorDirection * anteriorDistance) : located + new Vec2(-posteriorDistance, posteriorDrift);
        var head = located + jitter;
        var rotation = 0.0;
        var tuberosityTurn = 0.0;
        if (dislocated)
        {
            head = potential;
            rotation = anterior ? anteriorRotation : 0.0;
            tuberosityTurn = anterior ? 0.0 : posteriorTurn;
            scene.Variant = !anterior ? "posterior" : subglenoid ? "anterior-subglenoid" : "anterior-subcoracoid";
        }

        var shaftDirection = new Vec2(-Math.Sin((abduction + rotation) * Math.PI / 180), Math.Cos((abduction + rotation) * Math.PI / 180));
        var lateral = new Vec2(-1, 0).Rotate(rotation);

        // Internal rotation brings the greater tuberosity in front of the head: the outline turns symmetric.
        var tuberosity = head + (lateral * (headRadius * 0.85 * (1 - tuberosityTurn))) + new Vec2(0, -headRadius * 0.35 * (1 - tuberosityTurn));
        var humerus = new List<Shape>
        {
            new Ellipsoid(head, headRadius, headRadius, 0, headRadius, 1.3, Mu.Cortex, Mu.Cancellous, true),
            new Ellipsoid(tuberosity, 12, 15, rotation, 10, 0.8, Mu.Cancellous * 1.5, Mu.Cancellous, true),
            new Capsule(head + (lateral * 6), head + (lateral * 6) + (shaftDirection * 50), 17, 13, 1.0, 1.6, Mu.Cortex, Mu.Cancellous, true),
            new Capsule(head + (lateral * 6) + (shaftDirection * 45), head + (lateral * 6) + (shaftDirection * 300), 12.5, 10.5, 1.0, 3.6, Mu.Cortex, Mu.Marrow, false) { FlatEnds = true },
        };
        scene.Bodies.Add(new Body(humerus));

        scene.Socket = new Vec2(0, 0);
        scene.Head = head;
        scene.HeadRadius = headRadius;
        scene.DisplacementMm = (head - located).Length;
        scene.RoiCircles.Add((new Vec2(0, 0), glenoidHalfHeight + 4));
        scene.RoiCircles.Add((located, headRadius + 3));
        scene.RoiCircles.Add((head, headRadius + 3));
        scene.FramingCircles.Add((new Vec2(0, 0), glenoidHalfHeight + 4));
        scene.FramingCircles.Add((located, headRadius + 4));
        scene.FramingCircles.Add((potential, headRadius + 3));
        return scene;
    }
}
