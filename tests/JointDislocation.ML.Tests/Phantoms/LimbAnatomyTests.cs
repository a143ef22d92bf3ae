using JointDislocation.ML.Phantoms;

namespace JointDislocation.ML.Tests.Phantoms;

/// <summary>
/// The radiographic signs of the shoulder and elbow scenes, checked on the scene geometry in millimetres (before
/// projection): where the head sits in each view when located and where each kind of dislocation puts it.
/// </summary>
public class LimbAnatomyTests
{
    [Test]
    public void Shoulder_views_show_their_located_and_dislocated_signs()
    {
        var seen = new HashSet<string>();
        for (var seed = 0; seed < 400; seed++)
        {
            var located = Shoulder(seed, dislocated: false, difficulty: 0.0);
            var gross = Shoulder(seed, dislocated: true, difficulty: 0.0);
            var r = located.HeadRadius;
            Assert.That(gross.View, Is.EqualTo(located.View), $"seed {seed}: the view follows the label");
            Assert.That(r, Is.InRange(20.5, 24.0), "head 41–48 mm");
            var name = $"{located.View} {gross.Variant}";
            seen.Add(name);
            var anterior = gross.Variant.StartsWith("anterior", StringComparison.Ordinal);
            switch (located.View)
            {
                case "AP":
                    // +x medial. Located: the head's medial edge overlaps the glenoid (half-moon).
                    Assert.That(located.Head.X + r, Is.GreaterThan(2.0), $"seed {seed}: {name} half-moon overlap");
                    if (anterior)
                    {
                        Assert.That((gross.Head.X > located.Head.X, gross.Head.Y > located.Head.Y + 10, gross.DisplacementMm > 25), Is.EqualTo((true, true, true)), $"seed {seed}: {name} medial and inferior");
                    }
                    else
                    {
                        // The rim sign: over 6 mm from the glenoid's lateral (anterior) rim, at x ≤ −5.5, to the head.
                        Assert.That(-(gross.Head.X + r), Is.GreaterThan(5.5 + 6.0), $"seed {seed}: {name} rim sign");
                    }

                    break;
                case "GRASHEY":
                    // Open joint space between the glenoid face (x ≈ −0.5) and the head when located.
                    Assert.That(-(located.Head.X + r), Is.InRange(2.5, 7.0), $"seed {seed}: {name} joint space");
                    Assert.That(gross.Head.X + r, Is.GreaterThan(0.0), $"seed {seed}: {name} the joint space closed, the head over the glenoid");
                    break;
                default:
                    // Y view, +x anterior: located on the Y's centre, anterior in front of it, posterior behind it.
                    Assert.That(located.Head.Length, Is.LessThan(5.0), $"seed {seed}: {name} centred on the Y");
                    Assert.That(anterior ? gross.Head.X > 5 : gross.Head.X < -5, Is.True, $"seed {seed}: {name} head {gross.Head}");
                    break;
            }
        }

        Assert.That(seen, Is.SupersetOf(new[] { "AP anterior-subcoracoid", "AP anterior-subglenoid", "AP posterior", "GRASHEY anterior-subcoracoid", "Y VIEW anterior-subcoracoid", "Y VIEW posterior" }));
    }

    [Test]
    public void Shoulder_dislocations_are_mostly_anterior_and_subtle_ones_are_small()
    {
        var anterior = 0;
        const int N = 1000;
        for (var seed = 0; seed < N; seed++)
        {
            anterior += Shoulder(seed, dislocated: true, difficulty: 0.3).Variant.StartsWith("anterior", StringComparison.Ordinal) ? 1 : 0;
            Assert.That(Shoulder(seed, dislocated: true, difficulty: 1.0).DisplacementMm, Is.LessThan(8.0), "difficulty 1: subluxations only");
        }

        Assert.That(anterior / (double)N, Is.InRange(0.92, 0.98));
    }

    [Test]
    public void Elbow_dislocations_move_the_forearm_off_the_humerus_in_both_views()
    {
        var views = new HashSet<string>();
        for (var seed = 0; seed < 300; seed++)
        {
            var located = Elbow(seed, dislocated: false);
            var gross = Elbow(seed, dislocated: true);
            views.Add(located.View);
            Assert.That(gross.View, Is.EqualTo(located.View));
            Assert.That(located.HeadRadius, Is.InRange(10.0, 12.0), "radial head 20–24 mm");
            Assert.That(located.DisplacementMm, Is.LessThan(1.0));
            var move = gross.Head - located.Head;
            if (located.View == "LAT")
            {
                // +x anterior, −y proximal: radius and ulna behind and above, off the capitellum.
                Assert.That((move.X < -10, move.Y < -2), Is.EqualTo((true, true)), $"seed {seed}: {gross.Variant} moved {move}");
            }
            else
            {
                // AP: the forearm rides up over the distal humerus.
                Assert.That(move.Y, Is.LessThan(-5), $"seed {seed}: {gross.Variant} moved {move}");
            }
        }

        Assert.That(views, Is.EquivalentTo(new[] { "LAT", "AP" }));
    }

    private static JointScene Shoulder(int seed, bool dislocated, double difficulty) =>
        ShoulderAnatomy.Build(new DeterministicRandom(SeedDerivation.Derive(seed, "anatomy")), new DeterministicRandom(SeedDerivation.Derive(seed, "displacement")), dislocated, difficulty);

    private static JointScene Elbow(int seed, bool dislocated) =>
        ElbowAnatomy.Build(new DeterministicRandom(SeedDerivation.Derive(seed, "anatomy")), new DeterministicRandom(SeedDerivation.Derive(seed, "displacement")), dislocated, 0.0);
}
