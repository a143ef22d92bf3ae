using System.Globalization;
using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Saliency;

/// <summary>
/// Measures where a saliency map points, for images whose region of interest is known (phantom manifests, or boxes
/// a user supplies): the pointing game, the share of positive saliency energy inside the ROI, and the same share for
/// burned-in artefacts (arrows, side markers, text), which flags models that take a shortcut.
/// </summary>
public static class SaliencyScores
{
    /// <summary>Scores one map. Boxes are in the map's pixel space (the original image's) and are clipped to it.</summary>
    /// <param name="map">The map, usually upsampled to the original image.</param>
    /// <param name="roi">The region that should drive the decision (the joint); <see langword="null"/> when unknown.</param>
    /// <param name="artifacts">Boxes of burned-in artefacts; empty when there are none, <see langword="null"/> when unknown.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <param name="peak">
    /// The point the pointing game scores, when the map's own arg-max is not the right one: an upsampled coarse map
    /// is flat between its outer cell centres and the border, so its arg-max there is arbitrary; the centre of the
    /// hottest cell is what the map says. <see langword="null"/> for <see cref="SaliencyMap.Peak"/>.
    /// </param>
    /// <returns>The scores.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="map"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static SaliencyScoreResult Compute(SaliencyMap map, PixelBox? roi, IReadOnlyList<PixelBox>? artifacts, SaliencyScoreOptions? options = null, (int X, int Y)? peak = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        options ??= new SaliencyScoreOptions();
        options.Validate();

        var (peakX, peakY) = peak ?? map.Peak;
        var coverage = map.Coverage;
        var values = map.Values;
        var total = 0.0;
        for (var y = coverage.Y; y < coverage.Y + coverage.Height; y++)
        {
            foreach (var v in values.Slice((y * map.Width) + coverage.X, coverage.Width))
            {
                total += Math.Max(v, 0);
            }
        }

        bool? hit = null;
        double? roiEnergy = null;
        double? roiShare = null;
        if (roi is { } box)
        {
            hit = Distance(box, peakX + 0.5, peakY + 0.5) <= options.PointingTolerance;
            var (energy, area) = SumOverUnion(map, [Intersect(box, coverage)]);
            roiEnergy = total > 0 ? energy / total : 0;
            roiShare = (double)area / coverage.Area;
        }

        double? artifactEnergy = null;
        double? artifactShare = null;
        var shortcut = false;
        if (artifacts is not null)
        {
            var (energy, area) = SumOverUnion(map, [.. artifacts.Select(a => Intersect(a, coverage))]);
            artifactEnergy = total > 0 ? energy / total : 0;
            artifactShare = (double)area / coverage.Area;
            shortcut = artifactEnergy >= options.ShortcutMinimumEnergy && artifactEnergy > options.ShortcutFactor * artifactShare && total > 0;
        }

        return new SaliencyScoreResult(peakX, peakY, hit, roiEnergy, roiShare, artifactEnergy, artifactShare, shortcut);
    }

    /// <summary>Summarises the scores of many images.</summary>
    /// <param name="results">The per-image scores.</param>
    /// <returns>The summary, with plain-language warnings about shortcuts and about maps that miss the ROI.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="results"/> or an entry is <see langword="null"/>.</exception>
    public static SaliencyScoreSummary Summarize(IEnumerable<SaliencyScoreResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var list = results.ToList();
        if (list.Any(r => r is null))
        {
            throw new ArgumentNullException(nameof(results), "A saliency score result is null.");
        }

        var withRoi = list.Where(r => r.Hit is not null).ToList();
        var withArtifacts = list.Where(r => r.ArtifactEnergy is not null).ToList();
        var hits = withRoi.Count(r => r.Hit == true);
        double? roiEnergy = withRoi.Count == 0 ? null : withRoi.Average(r => r.RoiEnergy!.Value);
        double? roiShare = withRoi.Count == 0 ? null : withRoi.Average(r => r.RoiAreaShare!.Value);
        double? artifactEnergy = withArtifacts.Count == 0 ? null : withArtifacts.Average(r => r.ArtifactEnergy!.Value);
        double? artifactShare = withArtifacts.Count == 0 ? null : withArtifacts.Average(r => r.ArtifactAreaShare!.Value);
        var shortcuts = list.Count(r => r.ShortcutWarning);

        var warnings = new List<string>();
        if (shortcuts > 0)
        {
            warnings.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"Shortcut suspected: in {shortcuts} of {list.Count} images the saliency sits on burned-in artefacts (arrows, labels, markers) far beyond their share of the area; the model may be reading the marks, not the joint."));
        }

        if (roiEnergy is { } energy && roiShare is { } share && energy <= share)
        {
            warnings.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"The maps do not favour the joint: mean ROI energy {energy:0.000} is no more than the ROI's mean area share {share:0.000}."));
        }

        return new SaliencyScoreSummary(list.Count, withRoi.Count, hits, roiEnergy, roiShare, withArtifacts.Count, artifactEnergy, artifactShare, shortcuts, warnings);
    }

    private static PixelBox Intersect(PixelBox box, PixelBox coverage)
    {
        var left = Math.Max(box.X, coverage.X);
        var top = Math.Max(box.Y, coverage.Y);
        var right = Math.Min(box.X + box.Width, coverage.X + coverage.Width);
        var bottom = Math.Min(box.Y + box.Height, coverage.Y + coverage.Height);
        return right > left && bottom > top ? new PixelBox(left, top, right - left, bottom - top) : default;
    }

    // Positive energy and pixel count inside a union of boxes, row by row with merged intervals, so overlapping boxes
    // count once and the cost is the boxes' area, not the image's (a full-size mask is 5 MB on a 5-megapixel image).
    private static (double Energy, long Area) SumOverUnion(SaliencyMap map, PixelBox[] boxes)
    {
        var live = boxes.Where(b => b.Area > 0).ToArray();
        if (live.Length == 0)
        {
            return (0, 0);
        }

        var values = map.Values;
        var top = live.Min(b => b.Y);
        var bottom = live.Max(b => b.Y + b.Height);
        var intervals = new List<(int Start, int End)>(live.Length);
        double energy = 0;
        long area = 0;
        for (var y = top; y < bottom; y++)
        {
            intervals.Clear();
            foreach (var b in live)
            {
                if (y >= b.Y && y < b.Y + b.Height)
                {
                    intervals.Add((b.X, b.X + b.Width));
                }
            }

            intervals.Sort();
            var row = values.Slice(y * map.Width, map.Width);
            var reached = int.MinValue;
            foreach (var (start, end) in intervals)
            {
                var from = Math.Max(start, reached);
                if (end > from)
                {
                    foreach (var v in row[from..end])
                    {
                        energy += Math.Max(v, 0);
                    }

                    area += end - from;
                    reached = end;
                }
            }
        }

        return (energy, area);
    }

    // Distance from a point to a box (0 inside); the box spans [X, X + Width) in continuous coordinates.
    private static double Distance(PixelBox box, double x, double y)
    {
        var dx = Math.Max(Math.Max(box.X - x, x - (box.X + box.Width)), 0);
        var dy = Math.Max(Math.Max(box.Y - y, y - (box.Y + box.Height)), 0);
        return Math.Sqrt((dx * dx) + (dy * dy));
    }
}
