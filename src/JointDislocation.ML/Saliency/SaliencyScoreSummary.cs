using JointDislocation.ML.Statistics;

namespace JointDislocation.ML.Saliency;

/// <summary>Saliency scores over many images.</summary>
/// <param name="Count">Images scored.</param>
/// <param name="RoiCount">Images with a known ROI.</param>
/// <param name="Hits">Images with a known ROI whose map peak lies in it.</param>
/// <param name="MeanRoiEnergy">Mean ROI energy fraction; <see langword="null"/> when no image has an ROI.</param>
/// <param name="MeanRoiAreaShare">Mean ROI area share: the ROI energy a map blind to anatomy would reach.</param>
/// <param name="ArtifactCount">Images whose artefacts are known (possibly none).</param>
/// <param name="MeanArtifactEnergy">Mean artefact energy fraction; <see langword="null"/> when artefacts are unknown everywhere.</param>
/// <param name="MeanArtifactAreaShare">Mean artefact area share.</param>
/// <param name="ShortcutCount">Images with a shortcut warning.</param>
/// <param name="Warnings">Plain sentences for a report or console, empty when nothing looks wrong.</param>
public sealed record SaliencyScoreSummary(
    int Count,
    int RoiCount,
    int Hits,
    double? MeanRoiEnergy,
    double? MeanRoiAreaShare,
    int ArtifactCount,
    double? MeanArtifactEnergy,
    double? MeanArtifactAreaShare,
    int ShortcutCount,
    IReadOnlyList<string> Warnings)
{
    /// <summary>
    /// Pointing game hit rate over the images with an ROI (<see cref="Hits"/> of <see cref="RoiCount"/>);
    /// <see langword="null"/> when none has one.
    /// </summary>
    public double? HitRate => RoiCount == 0 ? null : Hits / (double)RoiCount;

    /// <summary>
    /// The Wilson 95% interval of <see cref="HitRate"/>, or
    /// <see langword="null"/> when no image has an ROI. A pointing game over a few dozen images is a coarse
    /// measure: 23 hits of 46 is 0.50 with an interval of 0.36–0.64.
    /// </summary>
    public ConfidenceInterval? HitRateInterval => RoiCount == 0 ? null : WilsonInterval.Compute(Hits, RoiCount);
}
