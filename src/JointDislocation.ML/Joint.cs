namespace JointDislocation.ML;

/// <summary>The joints the study trained one model each for.</summary>
public enum Joint
{
    /// <summary>Glenohumeral joint, AP view.</summary>
    Shoulder,

    /// <summary>Elbow, lateral view.</summary>
    Elbow,

    /// <summary>Native hip, AP view.</summary>
    Hip,

    /// <summary>Total hip arthroplasty, AP view.</summary>
    Tha,
}
