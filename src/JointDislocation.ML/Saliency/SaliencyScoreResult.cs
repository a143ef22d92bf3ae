namespace JointDislocation.ML.Saliency;

/// <summary>How well one saliency map points at the region that matters, and how much of it sits on artefacts.</summary>
/// <param name="PeakX">Column of the map's largest value (inside its coverage).</param>
/// <param name="PeakY">Row of the map's largest value.</param>
/// <param name="Hit">Pointing game: whether the peak lies in the ROI; <see langword="null"/> when no ROI is known.</param>
/// <param name="RoiEnergy">Fraction of positive saliency energy (the sum of <c>max(v, 0)</c>) inside the ROI;
/// <see langword="null"/> when no ROI is known; 0 when the map has no positive value.</param>
/// <param name="RoiAreaShare">The ROI's share of the covered area: what <paramref name="RoiEnergy"/> would be for a
/// flat map; <see langword="null"/> when no ROI is known.</param>
/// <param name="ArtifactEnergy">Fraction of positive saliency energy inside the union of the artefact boxes;
/// <see langword="null"/> when artefacts are unknown, 0 when there are none.</param>
/// <param name="ArtifactAreaShare">The artefact union's share of the covered area; <see langword="null"/> when unknown.</param>
/// <param name="ShortcutWarning">Whether the map leans on artefacts (see <see cref="SaliencyScoreOptions.ShortcutFactor"/>
/// and <see cref="SaliencyScoreOptions.ShortcutMinimumEnergy"/>): a model that looks at arrows, labels or markers is
/// taking a shortcut.</param>
public sealed record SaliencyScoreResult(
    int PeakX,
    int PeakY,
    bool? Hit,
    double? RoiEnergy,
    double? RoiAreaShare,
    double? ArtifactEnergy,
    double? ArtifactAreaShare,
    bool ShortcutWarning);
