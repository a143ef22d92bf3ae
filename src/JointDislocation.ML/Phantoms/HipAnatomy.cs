namespace JointDislocation.ML.Phantoms;

/// <summary>
/// A right hip, AP view, in millimetres: +x medial, +y inferior, origin at the acetabulum's centre. Hemipelvis
/// (iliac wing, acetabular roof, ilioischial line, teardrop, pubic and ischial rami around the obturator foramen)
/// and femur (head, neck at 125–135°, trochanters, shaft). Shenton's line is the rami's lower border running on
/// into the medial neck. With <c>arthroplasty</c> the head is replaced by a metal cup, ball and stem.
/// </summary>
internal static class HipAnatomy
{
    public static JointScene Build(PhantomRandom rng, bool dislocated, double difficulty, bool arthroplasty)
    {
        var scene = new JointScene { View = "AP" };
        var headRadius = rng.Uniform(21.5, 25.0);
        var neckShaft = rng.Uniform(125, 135);
        var shaftDirection = new Vec2(rng.Uniform(0.05, 0.15), 1).Normalized;
        var neckLength = rng.Uniform(48, 58);

        // Soft tissue: lower trunk and thigh, the thickest envelope of the four joints.
        scene.Add(
            new Ellipsoid(new Vec2(150, -40), 300, 230, 0, 95, 0, Mu.Soft, Mu.Soft, false),
            new Capsule(new Vec2(-30, 40), new Vec2(-30, 40) + (shaftDirection * 300), 85, 70, 0.9, 0, Mu.Soft, Mu.Soft, false));

        // Hemipelvis.
        var cupOuter = rng.Uniform(24, 32);
        var socketRadius = arthroplasty ? cupOuter : headRadius;
        var pelvis = new List<Shape>
        {
            new Ellipsoid(new Vec2(0, -95), 85, 58, rng.Uniform(-30, -18), 4, 2.4, Mu.Cortex, Mu.Cancellous, true),
            new Ellipsoid(new Vec2(14, -32), socketRadius + 18, 24, -10, 8, 1.5, Mu.Cortex, Mu.Cancellous, true),
        };
        pelvis.AddRange(ShapeBuilder.Polyline(ShapeBuilder.Arc(new Vec2(0, 0), socketRadius + 3.5, 190, 325, 10), 2.6, 2.2, 1.0, 1.0, Mu.Cortex, Mu.Cancellous, true));
        pelvis.AddRange(ShapeBuilder.Polyline([new Vec2(socketRadius + 15, -60), new Vec2(socketRadius + 12, 0), new Vec2(socketRadius + 7, 40)], 3.2, 2.8, 1.0, 1.2, Mu.Cortex, Mu.Cancellous, true));
        pelvis.AddRange(ShapeBuilder.Polyline(ShapeBuilder.Arc(new Vec2(socketRadius + 6, socketRadius * 0.5), 5, 10, 190, 6), 2.0, 2.0, 1.0, 0.8, Mu.Cortex, Mu.Cancellous, true));
        pelvis.Add(new Capsule(new Vec2(socketRadius, 6), new Vec2(105, 22), 11, 8.5, 0.6, 2.0, Mu.Cortex, Mu.Cancellous, true));
        pelvis.Add(new Capsule(new Vec2(6, 24), new Vec2(18, 72), 13, 11, 0.6, 2.2, Mu.Cortex, Mu.Cancellous, true));
        pelvis.Add(new Capsule(new Vec2(20, 78), new Vec2(95, 56), 7.5, 7, 0.6, 1.8, Mu.Cortex, Mu.Cancellous, true));
        scene.Bodies.Add(new Body(pelvis));

        // Where the head goes.
        var located = new Vec2(rng.Uniform(-0.4, 0.4), rng.Uniform(-0.4, 0.4));
        var head = located;
        var adduction = rng.Uniform(-4, 4);
        var lesserTrochanter = 1.0;
        var headScale = 1.0;
        if (dislocated)
        {
            var posterior = arthroplasty || rng.Chance(0.85);
            var gross = arthroplasty ? cupOuter + 14 : 38;
            var subtle = arthroplasty ? 3.5 : 5;
            var distance = Displacement.Scale(gross, subtle, difficulty, rng);
            var direction = posterior ? new Vec2(-rng.Uniform(0.3, 0.7), -1).Normalized : new Vec2(rng.Uniform(0.4, 0.8), 1).Normalized;
            head = located + (direction * distance);
            var strength = 1 - (0.8 * difficulty);
            adduction += (posterior ? rng.Uniform(5, 15) : -rng.Uniform(8, 18)) * strength;
            lesserTrochanter = posterior ? 1 - (0.7 * strength) : 1 + (0.3 * strength);
            headScale = posterior && !arthroplasty ? 1 - (0.06 * strength) : 1.0;
            scene.Variant = posterior ? (arthroplasty ? "superior-posterior" : "posterior") : "anterior";
        }

        var shaft = shaftDirection.Rotate(-adduction);
        var neck = shaft.Rotate(-neckShaft);
        var junction = head - (neck * neckLength);
        var lateral = new Vec2(-1, 0).Rotate(-adduction);

        var femur = new List<Shape>
        {
            new Ellipsoid(junction + (shaft * 6), 19, 26, -adduction, 16, 1.6, Mu.Cortex, Mu.Cancellous, true),
            new Ellipsoid(junction + (lateral * 14) + (shaft * -4), 12, 24, -adduction - 8, 15, 1.6, Mu.Cortex, Mu.Cancellous, true),
            new Ellipsoid(junction + (shaft * 30) + (lateral * (-15 * lesserTrochanter)), 7 * lesserTrochanter, 10, -adduction, 7, 1.2, Mu.Cortex, Mu.Cancellous, true),
            new Capsule(junction + (shaft * 22), junction + (shaft * 320), 16, 14, 1.0, 5.5, Mu.Cortex, Mu.Marrow, false) { FlatEnds = true },
        };

        var radius = headRadius * headScale;
        if (arthroplasty)
        {
            femur.Add(new Capsule(junction + (neck * 14), junction, 13, 16, 1.0, 1.8, Mu.Cortex, Mu.Cancellous, true));
            scene.Bodies.Add(new Body(femur));

            var inclination = rng.Uniform(30, 50);
            var shellMu = rng.Chance(0.5) ? 0.45 : 0.8;
            var ballRadius = rng.Pick<double>([11, 14, 16, 18]);
            var cup = new List<Shape> { new CupShell(new Vec2(0, 0), cupOuter, cupOuter - rng.Uniform(2.5, 4.0), 270 + inclination, shellMu) };

            // Dome screws into the ilium, in some cups: metal whose amount does not depend on the label.
            var screws = rng.Int(0, 3);
            for (var i = 0; i < screws; i++)
            {
                var direction = Vec2.FromAngle(270 + inclination + rng.Uniform(-35, 35));
                var start = direction * (cupOuter - 4);
                cup.Add(new Capsule(start, start + (direction * rng.Uniform(25, 40)), 3.2, 2.6, 1.0, 0, Mu.CobaltChrome, Mu.CobaltChrome, false));
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
        else
        {
            femur.Add(new Capsule(head, junction, 15, 17, 1.0, 1.8, Mu.Cortex, Mu.Cancellous, true));
            femur.Add(new Ellipsoid(head, radius, radius, 0, radius, 1.2, Mu.Cortex, Mu.Cancellous, true));
            scene.Bodies.Add(new Body(femur));
        }

        scene.Socket = new Vec2(0, 0);
        scene.Head = head;
        scene.HeadRadius = radius;
        scene.DisplacementMm = (head - located).Length;
        scene.RoiCircles.Add((new Vec2(0, 0), socketRadius + 8));
        scene.RoiCircles.Add((head, radius + 5));
        return scene;
    }
}
