using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;
using JointDislocation.ML.Saliency;
using SkiaSharp;

namespace JointDislocation.ML.Tests.Saliency;

/// <summary>
/// Builds the synthetic figures of docs/saliency.md end to end (CAM through a centre crop, occlusion, a shortcut
/// case) and checks them; with JDML_WRITE_DOCS_IMAGES=FOLDER (the repository's docs/images) it also writes them there.
/// </summary>
public class SaliencyFigureTests
{
    private const int Width = 320, Height = 256;

    [Test]
    public void The_documentation_figures_render_and_their_scores_tell_the_story()
    {
        var image = SyntheticRadiograph.Shoulder(Width, Height, out var joint, out var marker);
        var mapping = InputMapping.CenterCrop(Width, Height, 224, 224);

        // A stand-in backbone and head: 512 channels of low noise, a few of which fire where the joint (or, for the
        // shortcut model, the marker) lands on the 7×7 grid; the head weighs those channels.
        var honest = CamFor(image, mapping, joint, seed: 1);
        var shortcut = CamFor(image, mapping, marker, seed: 2);

        var occlusion = new OcclusionSensitivity(new OcclusionSensitivityOptions { PatchSize = 24, Stride = 12, Baseline = OcclusionBaseline.Blur })
            .Compute(image, batch => batch.Select(i => JointContrast(i, joint)).ToArray());

        var honestScores = SaliencyScores.Compute(honest.Map, joint, [marker]);
        var occlusionScores = SaliencyScores.Compute(occlusion.Map, joint, [marker]);
        var shortcutScores = SaliencyScores.Compute(shortcut.Map, joint, [marker]);
        TestContext.Out.WriteLine($"{Describe(honestScores)} | {Describe(occlusionScores)} | {Describe(shortcutScores)}");
        Assert.That(honestScores.Hit, Is.True);
        Assert.That(occlusionScores.Hit, Is.True);
        Assert.That(shortcutScores.ShortcutWarning, Is.True);
        Assert.That(honestScores.ShortcutWarning, Is.False);

        var panels = new[]
        {
            new SaliencyPanel(image, honest.Map, $"CAM: {Describe(honestScores)}", "dislocated", honest.Probability, joint, [marker]),
            new SaliencyPanel(image, occlusion.Map, $"occlusion: {Describe(occlusionScores)}", "dislocated", occlusion.OriginalScore, joint, [marker]),
            new SaliencyPanel(image, shortcut.Map, $"CAM: {Describe(shortcutScores)}", "dislocated", shortcut.Probability, joint, [marker]),
        };

        var panel = new SaliencyOverlay().RenderPanelPng(panels[0]);
        var sheet = new SaliencyOverlay(new SaliencyOverlayOptions { Colormap = Colormaps.Inferno, Alpha = 0.6, Threshold = 0.2, Normalization = SaliencyNormalization.PositiveOverMax, TileSize = 224 })
            .RenderContactSheetPng(panels, columns: 1);
        var overlay = new SaliencyOverlay().RenderPng(image, honest.Map);

        using (var decoded = SKBitmap.Decode(overlay))
        {
            Assert.That((decoded.Width, decoded.Height), Is.EqualTo((Width, Height)));
        }

        if (Environment.GetEnvironmentVariable("JDML_WRITE_DOCS_IMAGES") is { Length: > 0 } folder)
        {
            AtomicFile.WriteAllBytes(Path.Combine(folder, "saliency-overlay.png"), overlay);
            AtomicFile.WriteAllBytes(Path.Combine(folder, "saliency-panel.png"), panel);
            AtomicFile.WriteAllBytes(Path.Combine(folder, "saliency-contact-sheet.png"), sheet);
            TestContext.Out.WriteLine(SaliencyCsvWriter.Format(
            [
                new("shoulder.png", "dislocated", honest.Probability, SaliencyMethod.Cam, honestScores),
                new("shoulder.png", "dislocated", occlusion.OriginalScore, SaliencyMethod.Occlusion, occlusionScores),
                new("shoulder.png", "dislocated", shortcut.Probability, SaliencyMethod.Cam, shortcutScores),
            ]));
        }
    }

    private static string Describe(SaliencyScoreResult s) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{(s.Hit == true ? "hit" : "miss")} roi {s.RoiEnergy:0.00} art {s.ArtifactEnergy:0.00}{(s.ShortcutWarning ? " SHORTCUT" : string.Empty)}");

    private static (SaliencyMap Map, double Probability) CamFor(GrayImage image, InputMapping mapping, PixelBox target, int seed)
    {
        const int channels = 512, cells = 7;
        var random = new Random(seed);
        var featureMap = new float[channels * cells * cells];
        var weights = new float[channels];
        var centre = mapping.ToInput(target.X + (target.Width / 2.0), target.Y + (target.Height / 2.0));
        var cellSize = 224.0 / cells;
        for (var c = 0; c < channels; c++)
        {
            var responsive = c % 32 == 0;
            weights[c] = responsive ? 0.4f : (float)((random.NextDouble() - 0.5) * 0.02);
            for (var y = 0; y < cells; y++)
            {
                for (var x = 0; x < cells; x++)
                {
                    var dx = ((x + 0.5) * cellSize) - centre.U;
                    var dy = ((y + 0.5) * cellSize) - centre.V;
                    var response = responsive ? 4 * Math.Exp(-((dx * dx) + (dy * dy)) / (2 * 20.0 * 20.0)) : 0;
                    featureMap[(c * cells * cells) + (y * cells) + x] = (float)(response + (random.NextDouble() * 0.1));
                }
            }
        }

        var (cam, upsampled) = ClassActivationMap.ComputeAndUpsample(featureMap, weights, -1.5f, cells, cells, image.Width, image.Height, mapping);
        return (upsampled, cam.Probability);
    }

    // A stand-in classifier: how much brighter the joint box is than the image as a whole.
    private static float JointContrast(GrayImage image, PixelBox joint)
    {
        double inside = 0, all = 0;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                all += image[x, y];
                inside += joint.Contains(x, y) ? image[x, y] : 0;
            }
        }

        return (float)((inside / joint.Area) - (all / (image.Width * image.Height))) / 255f;
    }
}
