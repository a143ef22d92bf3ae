using System.Globalization;
using JointDislocation.ML.Backbones;
using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Saliency;

/// <summary>
/// Explains a trained model's predictions: class activation maps for linear heads (exact: the map's mean plus the
/// bias is the head's logit), occlusion sensitivity for any head, overlays and saliency scores.
/// </summary>
public static class ModelExplainer
{
    private const int ChunkSize = 16;

    /// <summary>
    /// The pointing game's tolerance at the network input, in pixels: the standard 15 px of Zhang et al. (2016), about
    /// half a cell of a 7×7 map on a 224×224 input — a map that coarse cannot place its peak more precisely.
    /// </summary>
    public const double PointingToleranceAtInput = 15;

    /// <summary>The class activation map of one image.</summary>
    /// <param name="model">A model with a linear head (logreg, sdca, svm).</param>
    /// <param name="image">The image.</param>
    /// <returns>The prediction and the map at the image's size.</returns>
    /// <exception cref="InvalidOperationException">The head is not linear; use occlusion instead.</exception>
    public static Explanation ClassActivationMap(DislocationModel model, GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(image);
        var output = model.Backbone.Featurize([image])[0];
        return Cam(model, image, output, model.Score([output])[0]);
    }

    /// <summary>
    /// The occlusion sensitivity of one image: how much the probability drops when each patch is hidden. The image is
    /// brought to the backbone's input grid once, by its resize policy; the patches slide over that grid (over the
    /// image's band only when letterboxed), the occluded inputs go through the backbone in batches without being
    /// resized again, and the map comes back onto the original through the same input mapping as the CAM. The cost
    /// is therefore the same for any original size: 81 forward passes (plus one) with the defaults.
    /// </summary>
    /// <param name="model">Any model.</param>
    /// <param name="image">The image.</param>
    /// <param name="options">Patch, stride (in input pixels), baseline and batch; defaults when null.</param>
    /// <param name="cancellationToken">Stops the work between batches.</param>
    /// <returns>The prediction and the map at the image's size.</returns>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static Task<Explanation> OcclusionAsync(DislocationModel model, GrayImage image, OcclusionSensitivityOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(image);
        return Occlusion(model, image, options, upsample: true, cancellationToken);
    }

    // With upsample false the map stays on the input grid (224 × 224): for callers that need only the peak.
    private static async Task<Explanation> Occlusion(DislocationModel model, GrayImage image, OcclusionSensitivityOptions? options, bool upsample, CancellationToken cancellationToken)
    {
        var method = new OcclusionSensitivity(options);
        var backbone = model.Backbone;
        var input = backbone.ToInput(image);
        Prediction? prediction = null;
        var result = await method.ComputeAsync(
            input.Pixels,
            input.Content,
            async (batch, ct) =>
            {
                var predictions = model.Score(await backbone.FeaturizeInputsAsync(batch, ct).ConfigureAwait(false));
                prediction ??= predictions[0]; // the first call scores the unoccluded input
                return predictions.Select(p => (float)p.Probability).ToArray();
            },
            cancellationToken: cancellationToken).ConfigureAwait(false);
        var mapping = Mapping(backbone, image);
        // The per-pixel mean drop is constant on stride-sized blocks; one box of the stride's width turns the steps into
        // ramps between neighbouring blocks (about a bilinear interpolation between patch positions), so an overlay on
        // a large original shows no staircase. The peak still comes from the unsmoothed blocks.
        var values = result.Map.Values.ToArray();
        Imaging.BoxBlur.Apply(values, new float[values.Length], result.Map.Width, result.Map.Height, method.Options.Stride / 2);
        var smooth = new SaliencyMap(result.Map.Width, result.Map.Height, values);
        var map = upsample ? Saliency.ClassActivationMap.Upsample(smooth, image.Width, image.Height, mapping) : smooth;
        return new Explanation(image, prediction!, map, SaliencyMethod.Occlusion, HottestBlockCentre(result.Map, input.Content, mapping, image));
    }

    /// <summary>Writes the heat map blended over the radiograph, at the image's own size.</summary>
    /// <param name="path">The PNG to write (atomically).</param>
    /// <param name="image">The image.</param>
    /// <param name="map">Its saliency map.</param>
    /// <param name="options">Colormap, alpha …; the study's jet at alpha 0.5 when null.</param>
    public static void WriteOverlay(string path, GrayImage image, SaliencyMap map, SaliencyOverlayOptions? options = null) =>
        new SaliencyOverlay(options).WritePng(path, image, map);

    /// <summary>
    /// Explains a set of images: maps, saliency scores against known regions and, optionally, overlay files. A map is
    /// brought to the original's size once per image, and only when something uses it (an overlay, or a region of
    /// interest to score); otherwise the peak comes from the coarse map alone.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="records">The images; regions of interest and artefact boxes come from their records.</param>
    /// <param name="method">CAM (linear heads) or occlusion (any head).</param>
    /// <param name="overlayFolder">Where to write one overlay per image, or null for none.</param>
    /// <param name="strict">Stop at the first bad file.</param>
    /// <param name="progress">(completed, total) images.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>Per-image scores and a summary.</returns>
    /// <exception cref="InvalidOperationException">CAM was asked for a head that is not linear.</exception>
    public static async Task<ExplainResult> ExplainAsync(
        DislocationModel model,
        IReadOnlyList<RadiographRecord> records,
        SaliencyMethod method = SaliencyMethod.Cam,
        string? overlayFolder = null,
        bool strict = false,
        IProgress<(int Completed, int Total)>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(records);
        if (method == SaliencyMethod.Cam)
        {
            RequireLinear(model);
        }

        var explained = new List<ExplainedImage>(records.Count);
        var skipped = new List<SkippedFile>();
        progress?.Report((0, records.Count));
        for (var start = 0; start < records.Count; start += ChunkSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = records.Skip(start).Take(ChunkSize).Select((r, i) => (Record: r, Index: start + i)).ToList();
            var images = new List<(RadiographRecord Record, int Index, GrayImage Image)>();
            foreach (var (record, index) in chunk)
            {
                var image = RadiographDecoder.DecodeOrSkip(record.Path, null, strict, skipped);
                if (image is not null)
                {
                    images.Add((record, index, image));
                }
            }

            var outputs = method == SaliencyMethod.Cam
                ? await model.Backbone.FeaturizeAsync(images.Select(i => i.Image).ToList(), cancellationToken: cancellationToken).ConfigureAwait(false)
                : null;
            var predictions = outputs is null ? null : model.Score(outputs);
            for (var j = 0; j < images.Count; j++)
            {
                var (record, index, image) = images[j];
                // The full-size map only where it is used: an overlay, or scores against a known region.
                var upsample = overlayFolder is not null || record.RegionOfInterest is not null;
                var explanation = outputs is not null
                    ? Cam(model, image, outputs[j], predictions![j], upsample)
                    : await Occlusion(model, image, null, upsample, cancellationToken).ConfigureAwait(false);
                var tolerance = PointingToleranceAtInput / Mapping(model.Backbone, image).ScaleX;
                var scores = SaliencyScores.Compute(explanation.Map, record.RegionOfInterest, record.RegionOfInterest is null ? null : record.Artifacts,
                    new SaliencyScoreOptions { PointingTolerance = tolerance }, explanation.Peak);
                string? overlay = null;
                if (overlayFolder is not null)
                {
                    overlay = Path.Combine(overlayFolder, OverlayName(index, record.Path));
                    WriteOverlay(overlay, image, explanation.Map);
                }

                explained.Add(new ExplainedImage(record, explanation.Prediction, scores, overlay));
            }

            progress?.Report((Math.Min(start + ChunkSize, records.Count), records.Count));
        }

        return new ExplainResult(method, explained, SaliencyScores.Summarize(explained.Select(e => e.Scores)), skipped);
    }

    /// <summary>The file name of an image's overlay: its position and its own name, so names never collide.</summary>
    /// <param name="index">Position in the input.</param>
    /// <param name="path">The image's path.</param>
    /// <returns>For example <c>0007-hip-012.png</c>.</returns>
    public static string OverlayName(int index, string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        return string.Create(CultureInfo.InvariantCulture, $"{index:D4}-{(safe.Length > 60 ? safe[..60] : safe)}.png");
    }

    // Upsamples once, and only when asked: a 5-megapixel float map costs more than the CAM itself, so callers that need
    // only the peak (no overlay, no region to score) keep the coarse map.
    private static Explanation Cam(DislocationModel model, GrayImage image, BackboneOutput output, Prediction prediction, bool upsample = true)
    {
        var linear = RequireLinear(model);
        var shape = output.MapShape;
        var mapping = Mapping(model.Backbone, image);
        var cam = Saliency.ClassActivationMap.Compute(output.Map, linear.Weights.ToArray(), linear.Bias, shape.Height, shape.Width);
        var map = upsample ? Saliency.ClassActivationMap.Upsample(cam.Map, image.Width, image.Height, mapping) : cam.Map;
        return new Explanation(image, prediction, map, SaliencyMethod.Cam, HottestCellCentre(cam.Map, mapping, image));
    }

    /// <summary>The centre of the coarse map's hottest cell, in the image's pixels (first in row order on ties).</summary>
    private static (int X, int Y) HottestCellCentre(SaliencyMap coarse, InputMapping mapping, GrayImage image)
    {
        var (bestX, bestY) = (0, 0);
        for (var y = 0; y < coarse.Height; y++)
        {
            for (var x = 0; x < coarse.Width; x++)
            {
                if (coarse[x, y] > coarse[bestX, bestY])
                {
                    (bestX, bestY) = (x, y);
                }
            }
        }

        var (ox, oy) = mapping.ToOriginal((bestX + 0.5) * mapping.InputWidth / coarse.Width, (bestY + 0.5) * mapping.InputHeight / coarse.Height);
        return (Math.Clamp((int)ox, 0, image.Width - 1), Math.Clamp((int)oy, 0, image.Height - 1));
    }

    /// <summary>
    /// The centre of the input-grid occlusion map's hottest block (the first in row order on ties: the rectangle of
    /// equal values that starts at the first maximum), in the image's pixels.
    /// </summary>
    private static (int X, int Y) HottestBlockCentre(SaliencyMap map, PixelBox content, InputMapping mapping, GrayImage image)
    {
        var (bestX, bestY) = (content.X, content.Y);
        for (var y = content.Y; y < content.Y + content.Height; y++)
        {
            for (var x = content.X; x < content.X + content.Width; x++)
            {
                if (map[x, y] > map[bestX, bestY])
                {
                    (bestX, bestY) = (x, y);
                }
            }
        }

        var best = map[bestX, bestY];
        var right = bestX;
        while (right + 1 < content.X + content.Width && map[right + 1, bestY] == best)
        {
            right++;
        }

        var bottom = bestY;
        while (bottom + 1 < content.Y + content.Height && map[bestX, bottom + 1] == best)
        {
            bottom++;
        }

        var (ox, oy) = mapping.ToOriginal((bestX + right + 1) / 2.0, (bestY + bottom + 1) / 2.0);
        return (Math.Clamp((int)ox, 0, image.Width - 1), Math.Clamp((int)oy, 0, image.Height - 1));
    }

    private static LinearHeadWeights RequireLinear(DislocationModel model) =>
        model.Head.Linear ?? throw new InvalidOperationException(
            $"A class activation map needs a linear head (logreg, sdca, svm); this model's head is '{model.Manifest.Head.ToName()}'. Use occlusion sensitivity instead.");

    /// <summary>
    /// How the backbone fitted the image to its input, so a map on the input lands on the right pixels: the resizer's
    /// own destination rectangle (whole pixels, as ML.NET computes it), not the ideal centred one, which lies up to
    /// about one input pixel away on a wide or tall image.
    /// </summary>
    internal static InputMapping Mapping(IImageBackbone backbone, GrayImage image) => backbone.ResizePolicy switch
    {
        ResizePolicy.IsoCrop or ResizePolicy.Letterbox => InputMapping.FromDestination(image.Width, image.Height, backbone.InputWidth, backbone.InputHeight,
            BackboneImageResizer.DestinationRectangle(image.Width, image.Height, backbone.InputWidth, backbone.InputHeight, backbone.ResizePolicy)),
        _ => InputMapping.Stretch(image.Width, image.Height, backbone.InputWidth, backbone.InputHeight),
    };
}
