namespace JointDislocation.ML.Saliency;

/// <summary>The saliency method behind a map; written lower case in <c>saliency.csv</c>.</summary>
public enum SaliencyMethod
{
    /// <summary>Class activation map of a linear head (<see cref="ClassActivationMap"/>), written <c>cam</c>.</summary>
    Cam,

    /// <summary>Occlusion sensitivity (<see cref="OcclusionSensitivity"/>), written <c>occlusion</c>.</summary>
    Occlusion,
}
