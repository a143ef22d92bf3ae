using JointDislocation.ML.Augmentation;
using JointDislocation.ML.Backbones;
using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;
using JointDislocation.ML.Phantoms;
using JointDislocation.ML.Saliency;
using JointDislocation.ML.Training;
using SkiaSharp;

namespace JointDislocation.ML.Tests.Saliency;

/// <summary>
/// Occlusion of a real model (ResNet18 and a trained head) on the backbone's input grid: it points at the joint about
/// as often as the CAM does, its map comes back at the original's size through a letterbox, its unoccluded pass is the
/// model's own prediction, and it stops when cancelled.
/// </summary>
[NonParallelizable]
public class ModelOcclusionTests
{
    private TemporaryDirectory _folder = null!;
    private DislocationModel _model = null!;
    private RadiographDataset _external = null!;

    [OneTimeSetUp]
    public async Task TrainOnce()
    {
        _folder = new TemporaryDirectory("jdml-occlusion");
        var internet = await PhantomSetWriter.WriteAsync(new PhantomSetOptions
        {
            OutputDirectory = _folder.Combine("internet"), Joints = [Joint.Shoulder], PerClass = 24, Style = PhantomStyle.Internet, Seed = 1,
        });
        var hospital = await PhantomSetWriter.WriteAsync(new PhantomSetOptions
        {
            OutputDirectory = _folder.Combine("hospital"), Joints = [Joint.Shoulder], PerClass = 12, Style = PhantomStyle.Hospital, Seed = 2,
        });
        var training = RadiographDataset.LoadManifest(internet.ManifestPath).ForJoint(Joint.Shoulder);
        _external = RadiographDataset.LoadManifest(hospital.ManifestPath).ForJoint(Joint.Shoulder);
        _model = (await new DislocationContext(42).Training().ForJoint(Joint.Shoulder).WithData(training)
            .WithHeads(HeadKind.LogisticRegression).WithAugmentation(AugmentationMode.None).WithCrossValidation(2).Build().RunAsync()).Model;
    }

    [OneTimeTearDown]
    public void CleanUp() => _folder.Dispose();

    [Test]
    public async Task The_occlusion_peak_lands_in_the_joint_about_as_often_as_the_cam_peak()
    {
        var dislocations = _external.Records.Where(r => r.IsPositive).ToList();
        var predictions = await _model.PredictAsync(dislocations.Select(r => RadiographDecoder.Decode(r.Path)).ToList());
        var correct = dislocations.Where((_, i) => predictions[i].IsPositive).Take(5).ToList();
        Assume.That(correct, Has.Count.GreaterThanOrEqualTo(5), "too few correctly classified dislocations to judge the maps");

        var cam = await ModelExplainer.ExplainAsync(_model, correct, SaliencyMethod.Cam);
        var occlusion = await ModelExplainer.ExplainAsync(_model, correct, SaliencyMethod.Occlusion);

        TestContext.Out.WriteLine($"{correct.Count} images: CAM hit rate {cam.Summary.HitRate:0.00}, occlusion hit rate {occlusion.Summary.HitRate:0.00}; ROI energy {cam.Summary.MeanRoiEnergy:0.000} / {occlusion.Summary.MeanRoiEnergy:0.000} vs area share {cam.Summary.MeanRoiAreaShare:0.000}");
        Assert.That(occlusion.Summary.HitRate, Is.GreaterThanOrEqualTo(cam.Summary.HitRate!.Value - 0.25));
        Assert.That(occlusion.Summary.HitRate, Is.GreaterThanOrEqualTo(0.5));
    }

    [Test]
    public async Task A_letterboxed_wide_original_gets_a_map_and_an_overlay_at_its_own_size()
    {
        var letterboxed = new DislocationModel(_model.Manifest, _model.Head, Backbone.ResNet18(ResizePolicy.Letterbox));
        var image = WideImage(400, 150);

        var explanation = await ModelExplainer.OcclusionAsync(letterboxed, image);
        var overlay = _folder.Combine("wide-overlay.png");
        ModelExplainer.WriteOverlay(overlay, image, explanation.Map);

        Assert.That((explanation.Map.Width, explanation.Map.Height), Is.EqualTo((400, 150)));
        Assert.That(explanation.Map.Coverage, Is.EqualTo(new PixelBox(0, 0, 400, 150)), "a letterbox shows all of the image");
        using (var png = SKBitmap.Decode(overlay))
        {
            Assert.That((png.Width, png.Height), Is.EqualTo((400, 150)));
        }

        // The unoccluded input pass is the model's own prediction of the image.
        Assert.That(explanation.Prediction.Probability, Is.EqualTo(letterboxed.Predict(image).Probability).Within(1e-6));

        // The bright block on the left is where hiding things changes the score most (it is the only structure).
        var input = letterboxed.Backbone.ToInput(image);
        Assert.That(input.Content.Height, Is.LessThan(224).And.GreaterThan(70), "the band of a 400×150 image in a 224×224 letterbox");
        Assert.That(input.Content.Width, Is.EqualTo(224));
    }

    [Test]
    public void Cancellation_stops_occlusion_between_batches()
    {
        using var cancellation = new CancellationTokenSource();
        var counting = new CancellingBackbone(_model.Backbone, cancellation, cancelOnCall: 2);
        var model = new DislocationModel(_model.Manifest, _model.Head, counting);
        var image = RadiographDecoder.Decode(_external.Records[0].Path);

        Assert.That(async () => await ModelExplainer.OcclusionAsync(model, image, new OcclusionSensitivityOptions { BatchSize = 8 }, cancellation.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(counting.Calls, Is.EqualTo(2), "no batch after the one during which it was cancelled");
    }

    [Test]
    public async Task The_cost_is_the_same_number_of_passes_for_a_small_and_a_large_original()
    {
        var counting = new CancellingBackbone(_model.Backbone, null, cancelOnCall: int.MaxValue, countOnly: true);
        var model = new DislocationModel(_model.Manifest, _model.Head, counting);
        await ModelExplainer.OcclusionAsync(model, WideImage(240, 200));
        var small = counting.Images;
        await ModelExplainer.OcclusionAsync(model, WideImage(2400, 2000));

        Assert.That(small, Is.EqualTo(1 + 81), "the defaults: 9 × 9 positions on the 224×224 input, plus the original");
        Assert.That(counting.Images - small, Is.EqualTo(small));
    }

    [Test]
    public async Task Without_an_overlay_or_a_region_the_peak_comes_from_the_coarse_map_and_is_the_same()
    {
        // A large original without a region of interest and without overlays: nothing needs the full-size map, so
        // none is made; the peak (from the coarse map in both cases) must not change.
        var image = WideImage(2400, 1800);
        var path = _folder.Combine("large.png");
        using (var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Gray8, SKAlphaType.Opaque)))
        {
            System.Runtime.InteropServices.Marshal.Copy(image.Pixels.ToArray(), 0, bitmap.GetPixels(), image.Pixels.Length);
            using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(path, data.ToArray());
        }

        var record = new RadiographRecord(path, Joint.Shoulder, "dislocated", true);
        var withoutOverlay = await ModelExplainer.ExplainAsync(_model, [record], SaliencyMethod.Cam);
        var withOverlay = await ModelExplainer.ExplainAsync(_model, [record], SaliencyMethod.Cam, overlayFolder: _folder.Combine("overlays"));
        var direct = ModelExplainer.ClassActivationMap(_model, RadiographDecoder.Decode(path));

        var scores = withoutOverlay.Images[0].Scores;
        Assert.That((scores.PeakX, scores.PeakY), Is.EqualTo(direct.Peak));
        Assert.That((withOverlay.Images[0].Scores.PeakX, withOverlay.Images[0].Scores.PeakY), Is.EqualTo(direct.Peak));
        Assert.That(scores.Hit, Is.Null);
        using var png = SKBitmap.Decode(withOverlay.Images[0].OverlayPath!);
        Assert.That((png.Width, png.Height), Is.EqualTo((2400, 1800)));
    }

    private static GrayImage WideImage(int width, int height)
    {
        var image = new GrayImage(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image.MutablePixels[(y * width) + x] = (byte)(x < width / 4 && y > height / 4 && y < 3 * height / 4 ? 220 : 40 + (x * 60 / width));
            }
        }

        return image;
    }

    /// <summary>Counts input-grid batches and cancels a token during one of them; with countOnly, answers zeros instead of running the network.</summary>
    private sealed class CancellingBackbone(IImageBackbone inner, CancellationTokenSource? cancellation, int cancelOnCall, bool countOnly = false) : IImageBackbone
    {
        public int Calls { get; private set; }

        public int Images { get; private set; }

        public string Name => inner.Name;

        public string Sha256 => inner.Sha256;

        public string Fingerprint => inner.Fingerprint;

        public int FeatureDimension => inner.FeatureDimension;

        public FeatureMapShape MapShape => inner.MapShape;

        public int InputWidth => inner.InputWidth;

        public int InputHeight => inner.InputHeight;

        public ResizePolicy ResizePolicy => inner.ResizePolicy;

        public BackboneInput ToInput(GrayImage image) => inner.ToInput(image);

        public async Task<BackboneOutput[]> FeaturizeInputsAsync(IReadOnlyList<GrayImage> inputs, CancellationToken cancellationToken = default)
        {
            Calls++;
            Images += inputs.Count;
            var outputs = countOnly
                ? inputs.Select(_ => new BackboneOutput(new float[FeatureDimension], new float[MapShape.Channels * MapShape.Height * MapShape.Width], MapShape)).ToArray()
                : await inner.FeaturizeInputsAsync(inputs, cancellationToken);
            if (Calls == cancelOnCall)
            {
                await cancellation!.CancelAsync();
            }

            return outputs;
        }

        public BackboneOutput[] Featurize(IReadOnlyList<GrayImage> images) => inner.Featurize(images);

        public Task<BackboneOutput[]> FeaturizeAsync(IReadOnlyList<GrayImage> images, IProgress<FeaturizationProgress>? progress = null, CancellationToken cancellationToken = default) =>
            inner.FeaturizeAsync(images, progress, cancellationToken);
    }
}
