namespace JointDislocation.ML.Phantoms;

/// <summary>How each joint is usually framed: field of view (the shorter image side, in mm) and rotation.</summary>
internal sealed record ViewProfile((double Low, double High) InternetFieldMm, (double Low, double High) HospitalFieldMm, double RotationDegrees, double BaseRotationDegrees)
{
    public static ViewProfile For(Joint joint) => joint switch
    {
        Joint.Shoulder => new ViewProfile((115, 175), (210, 290), 10, 0),
        Joint.Elbow => new ViewProfile((125, 175), (190, 260), 25, 0),
        Joint.Hip => new ViewProfile((120, 180), (220, 300), 8, 0),
        _ => new ViewProfile((125, 220), (240, 330), 8, 0),
    };
}
