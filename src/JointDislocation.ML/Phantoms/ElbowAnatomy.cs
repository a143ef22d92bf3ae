namespace JointDislocation.ML.Phantoms;

/// <summary>
/// An elbow, lateral view flexed about 90°, in millimetres: the humeral shaft runs up (−y), the forearm runs
/// anterior (+x); origin at the trochlea's centre. The distal humerus ends in the concentric trochlea and
/// capitellum; the ulna's trochlear notch wraps the trochlea from the olecranon (behind) to the coronoid (in front);
/// the radial head sits on the capitellum, its shaft on the radiocapitellar line.
/// </summary>
internal static class ElbowAnatomy
{
    public static JointScene Build(PhantomRandom rng, bool dislocated, double difficulty)
    {
        var scene = new JointScene { View = "LAT" };
        var trochleaRadius = rng.Uniform(10.0, 12.0);
        var capitellum = new Vec2(rng.Uniform(2.5, 4.5), rng.Uniform(0.5, 2.0));
        var capitellumRadius = trochleaRadius * rng.Uniform(0.85, 0.95);
        var humerusTilt = rng.Uniform(-8, 8);
        var flexion = rng.Uniform(80, 105);
        var up = new Vec2(0, -1).Rotate(humerusTilt);
        var forearm = up.Rotate(flexion);

        // Where the forearm goes: posterior (−x) and proximal (−y) behind the humerus when dislocated.
        var shift = new Vec2(rng.Uniform(-0.3, 0.3), rng.Uniform(-0.3, 0.3));
        if (dislocated)
        {
            var distance = Displacement.Scale(28, 5, difficulty, rng);
            var direction = new Vec2(-1.0, -rng.Uniform(0.35, 0.8)).Normalized;
            shift = direction * distance;
            scene.Variant = rng.Chance(0.7) ? "posterior" : "posterolateral";
        }

        var forearmTurn = dislocated ? rng.Uniform(-12, 12) * (1 - difficulty) : 0.0;
        var ulnaAxis = forearm.Rotate(forearmTurn);

        // Soft tissue of arm and forearm. The envelope does not follow a dislocation: the bones move inside it, so
        // the amount of tissue in view (and with it the image's global statistics) does not depend on the label.
        scene.Add(
            new Capsule(new Vec2(-4, 0), (up * 260) + new Vec2(-4, 0), 36, 42, 0.85, 0, Mu.Soft, Mu.Soft, false),
            new Capsule(new Vec2(-8, 4), new Vec2(-8, 4) + (forearm * 260), 40, 30, 0.85, 0, Mu.Soft, Mu.Soft, false),
            new Ellipsoid(new Vec2(-12, -2), 44, 40, 0, 34, 0, Mu.Soft, Mu.Soft, false));

        // Distal humerus: shaft, the thin "teardrop" between the fossae with its cortical outline, trochlea, capitellum.
        var humerus = new List<Shape>
        {
            new Capsule(new Vec2(-3, -30), (up * 250) + new Vec2(-3, 0), 10.5, 9.5, 1.0, 3.2, Mu.Cortex, Mu.Marrow, false) { FlatEnds = true },
            new Ellipsoid(new Vec2(-1, -20), 16, 20, humerusTilt, 4.5, 2.0, Mu.Cortex, Mu.Cancellous, true),
            new Ellipsoid(new Vec2(0, 0), trochleaRadius, trochleaRadius, 0, trochleaRadius * 1.2, 1.4, Mu.Cortex, Mu.Cancellous, true),
            new Ellipsoid(capitellum, capitellumRadius, capitellumRadius, 0, capitellumRadius, 1.2, Mu.Cortex, Mu.Cancellous, true),
        };
        humerus.AddRange(ShapeBuilder.Polyline([new Vec2(-14, -28), new Vec2(-12, -10), new Vec2(-8, 2)], 3.5, 3.0, 0.8, 1.2, Mu.Cortex, Mu.Cancellous, true));
        scene.Bodies.Add(new Body(humerus));

        // Ulna: notch rim from the coronoid through the bottom to the olecranon, the olecranon, the proximal body and shaft.
        var notchRadius = trochleaRadius + 2.2;
        var turn = Math.Atan2(ulnaAxis.Y, ulnaAxis.X) * 180 / Math.PI;
        var ulna = new List<Shape>();
        ulna.AddRange(ShapeBuilder.Polyline(ShapeBuilder.Arc(shift, notchRadius, turn + 10, turn + 215, 12), 3.0, 3.0, 1.0, 1.3, Mu.Cortex, Mu.Cancellous, true));
        var olecranon = shift + (Vec2.FromAngle(turn + 195) * (notchRadius + 7));
        ulna.Add(new Ellipsoid(olecranon, 10, 13, turn + 105, 11, 1.4, Mu.Cortex, Mu.Cancellous, true));
        ulna.Add(new Ellipsoid(shift + (Vec2.FromAngle(turn + 100) * (notchRadius + 7)), 22, 10, turn, 10, 1.6, Mu.Cortex, Mu.Cancellous, true));
        var ulnaStart = shift + (Vec2.FromAngle(turn + 90) * (notchRadius + 8));
        ulna.Add(new Capsule(ulnaStart, ulnaStart + (ulnaAxis * 250), 8.5, 6.0, 1.0, 2.6, Mu.Cortex, Mu.Marrow, false));
        scene.Bodies.Add(new Body(ulna));

        // Radius: head on the capitellum, neck, tuberosity and shaft along the radiocapitellar line.
        var radialHeadRadius = rng.Uniform(10.0, 12.0);
        var radialAxis = ulnaAxis.Rotate(rng.Uniform(-4, 4));
        var radialHead = capitellum + shift + (radialAxis * (capitellumRadius + 3 + 5));
        var angle = Math.Atan2(radialAxis.Y, radialAxis.X) * 180 / Math.PI;
        var radius = new List<Shape>
        {
            new Ellipsoid(radialHead, 5.5, radialHeadRadius, angle, radialHeadRadius, 1.3, Mu.Cortex, Mu.Cancellous, true),
            new Capsule(radialHead, radialHead + (radialAxis * 28), 6.0, 6.0, 1.0, 1.8, Mu.Cortex, Mu.Cancellous, true),
            new Ellipsoid(radialHead + (radialAxis * 30), 7, 8, angle, 8, 1.5, Mu.Cortex, Mu.Cancellous, true),
            new Capsule(radialHead + (radialAxis * 30), radialHead + (radialAxis * 240), 6.5, 8.0, 1.0, 2.4, Mu.Cortex, Mu.Marrow, false),
        };
        scene.Bodies.Add(new Body(radius));

        scene.Socket = new Vec2(0, 0);
        scene.Head = radialHead;
        scene.HeadRadius = radialHeadRadius;
        scene.DisplacementMm = shift.Length;
        scene.RoiCircles.Add((new Vec2(-2, -8), 26));
        scene.RoiCircles.Add((radialHead - shift, radialHeadRadius + 4));
        scene.RoiCircles.Add((radialHead, radialHeadRadius + 4));
        scene.RoiCircles.Add((olecranon, 14));
        return scene;
    }
}
