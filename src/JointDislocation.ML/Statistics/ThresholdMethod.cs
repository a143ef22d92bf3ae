namespace JointDislocation.ML.Statistics;

/// <summary>How an operating threshold is chosen on (internal) data.</summary>
public enum ThresholdMethod
{
    /// <summary>Maximises Youden's J = sensitivity + specificity − 1.</summary>
    Youden,

    /// <summary>Minimises the distance to the top-left corner, (1 − sensitivity)² + (1 − specificity)².</summary>
    ClosestToTopLeft,

    /// <summary>The highest threshold whose sensitivity reaches a target: few missed dislocations, for triage.</summary>
    TargetSensitivity,

    /// <summary>A threshold given by the user.</summary>
    Fixed,
}
