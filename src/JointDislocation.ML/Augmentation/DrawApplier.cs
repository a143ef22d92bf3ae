using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Augmentation;

/// <summary>
/// Applies operation draws to a sample. Runs of consecutive geometric draws are fused into one affine map and
/// resampled once, so a rotation followed by a crop and a flip blurs the picture once, not three times, and the boxes
/// are mapped through the same fused map.
/// </summary>
internal static class DrawApplier
{
    /// <summary>Below this σ a Gaussian blur cannot change any 8-bit pixel (edge weight × 2 × 255 &lt; 0.5).</summary>
    public const double SmallestEffectiveBlurSigma = BlurKind.SmallestEffectiveSigma;

    public static AugmentedSample Apply(AugmentedSample sample, IEnumerable<OperationDraw> draws)
    {
        var image = sample.Image;
        var roi = sample.Roi;
        var artifacts = sample.Artifacts;
        var pending = Affine.Identity;
        var pendingWidth = image.Width;
        var pendingHeight = image.Height;
        var hasPending = false;
        var changed = false;

        void Flush()
        {
            if (!hasPending)
            {
                return;
            }

            var map = pending;
            var w = pendingWidth;
            var h = pendingHeight;
            image = ImageKernels.Resample(image, map, w, h);
            roi = roi is { } box ? ImageKernels.MapBox(box, map, w, h) : null;
            artifacts = [.. artifacts.Select(a => ImageKernels.MapBox(a, map, w, h)).Where(a => a.Area > 0)];
            pending = Affine.Identity;
            hasPending = false;
        }

        foreach (var draw in draws)
        {
            if (draw.IsIdentity)
            {
                continue;
            }

            var kind = DrawKinds.Get(draw.Operation);
            if (kind.TryGeometry(draw.Values, pendingWidth, pendingHeight, out var map, out var width, out var height))
            {
                pending = map.After(pending);
                pendingWidth = width;
                pendingHeight = height;
                hasPending = true;
            }
            else
            {
                Flush();
                image = kind.ApplyIntensity(image, draw.Values);
            }

            changed = true;
        }

        Flush();
        return new AugmentedSample(changed ? image : image.Clone(), roi, artifacts);
    }

    internal static int CropOffset(double u, int size, int from) => Math.Min(from - size, (int)Math.Floor(u * (from - size + 1)));
}
