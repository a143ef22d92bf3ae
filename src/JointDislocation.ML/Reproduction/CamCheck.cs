using JointDislocation.ML.Saliency;

namespace JointDislocation.ML.Reproduction;

/// <summary>
/// The class-activation-map check of one joint: which model the maps came from (CAM needs a linear head, so when
/// the selected head is not linear the best linear candidate is refitted for this step) and how often the map's
/// peak fell inside the joint's region of interest on correctly classified external dislocations.
/// </summary>
/// <param name="Model">The candidate the maps came from, such as <c>logreg+static:13</c>.</param>
/// <param name="IsSelectedModel">Whether that is the selected model.</param>
/// <param name="Summary">Saliency scores over the correctly classified external dislocations; its
/// <see cref="SaliencyScoreSummary.HitRate"/> is the pointing-game hit rate (<see langword="null"/> when there were
/// none).</param>
public sealed record CamCheck(string Model, bool IsSelectedModel, SaliencyScoreSummary Summary)
{
    /// <summary>The share of maps whose peak lies in the region of interest, or <see langword="null"/>.</summary>
    public double? HitRate => Summary.HitRate;
}
