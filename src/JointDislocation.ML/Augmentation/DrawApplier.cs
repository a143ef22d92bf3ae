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
    public const double SmallestEffectiveBlurSigma = 0.25;

    /// <summary>The operations and how many values each draw carries.</summary>
    public static readonly IReadOnlyDictionary<string, int> ValueCounts = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["rotate"] = 1,
        ["crop"] = 4,
        ["resize"] = 2,
        ["flipH"] = 1,
        ["flipV"] = 1,
        ["brightness"] = 1,
        ["contrast"] = 1,
        ["gamma"] = 1,
        ["noise"] = 2,
        ["blur"] = 1,
        ["zoom"] = 1,
        ["translate"] = 2,
    };

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

            if (TryGeometry(draw, pendingWidth, pendingHeight, out var map, out var width, out var height))
            {
                pending = map.After(pending);
                pendingWidth = width;
                pendingHeight = height;
                hasPending = true;
            }
            else
            {
                Flush();
                image = ApplyIntensity(image, draw);
            }

            changed = true;
        }

        Flush();
        return new AugmentedSample(changed ? image : image.Clone(), roi, artifacts);
    }

    private static bool TryGeometry(OperationDraw draw, int width, int height, out Affine map, out int newWidth, out int newHeight)
    {
        var v = draw.Values;
        newWidth = width;
        newHeight = height;
        double cx = width / 2.0, cy = height / 2.0;
        switch (draw.Operation)
        {
            case "rotate":
                map = Affine.Rotation(v[0], cx, cy);
                return true;
            case "zoom":
                map = Affine.Scale(v[0], v[0], cx, cy);
                return true;
            case "translate":
                map = Affine.Translation(v[0] * width, v[1] * height);
                return true;
            case "flipH":
                map = new Affine(-1, 0, width, 0, 1, 0);
                return true;
            case "flipV":
                map = new Affine(1, 0, 0, 0, -1, height);
                return true;
            case "resize":
                newWidth = (int)v[0];
                newHeight = (int)v[1];
                map = new Affine((double)newWidth / width, 0, 0, 0, (double)newHeight / height, 0);
                return true;
            case "crop":
                {
                    var size = (int)v[0];
                    var from = (int)v[1];
                    var offsetX = CropOffset(v[2], size, from);
                    var offsetY = CropOffset(v[3], size, from);
                    newWidth = size;
                    newHeight = size;
                    map = new Affine((double)from / width, 0, -offsetX, 0, (double)from / height, -offsetY);
                    return true;
                }

            default:
                map = Affine.Identity;
                return false;
        }
    }

    internal static int CropOffset(double u, int size, int from) => Math.Min(from - size, (int)Math.Floor(u * (from - size + 1)));

    private static GrayImage ApplyIntensity(GrayImage image, OperationDraw draw)
    {
        var v = draw.Values;
        switch (draw.Operation)
        {
            case "brightness":
                return ImageKernels.MapLevels(image, p => p * v[0]);
            case "contrast":
                {
                    // Around the image's mean grey, like torchvision's adjust_contrast.
                    var mean = ImageKernels.Mean(image);
                    return ImageKernels.MapLevels(image, p => mean + (v[0] * (p - mean)));
                }

            case "gamma":
                return ImageKernels.MapLevels(image, p => 255.0 * Math.Pow(p / 255.0, v[0]));
            case "noise":
                return ImageKernels.AddNoise(image, v[0], (int)v[1]);
            case "blur":
                return ImageKernels.Blur(image, v[0]);
            default:
                throw new InvalidOperationException($"Unknown augmentation operation '{draw.Operation}'.");
        }
    }
}
