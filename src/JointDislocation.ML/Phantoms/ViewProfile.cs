namespace JointDislocation.ML.Phantoms;

/// <summary>How each joint is usually framed: field of view (the shorter image side, in mm) and rotation.</summary>
internal sealed record ViewProfile((double Low, double High) InternetFieldMm, (double Low, double High) HospitalFieldMm, double RotationDegrees, double BaseRotationDegrees)
{
    /// <summary>For the hip and THA: how often the view is a whole AP pelvis or a close-up, and their fields.</summary>
    public PelvisViews? Pelvis { get; init; }

    public static ViewProfile For(Joint joint) => joint switch
    {
        Joint.Shoulder => new ViewProfile((115, 175), (210, 290), 10, 0),
        Joint.Elbow => new ViewProfile((125, 175), (190, 260), 25, 0),
        Joint.Hip => new ViewProfile((160, 230), (220, 300), 8, 0) { Pelvis = new PelvisViews(0.6, 0.15, (250, 320), (270, 340), (110, 160)) },
        _ => new ViewProfile((170, 240), (240, 330), 8, 0) { Pelvis = new PelvisViews(0.6, 0.15, (250, 320), (270, 340), (120, 170)) },
    };
}

/// <summary>
/// The views of a hip on the internet and in hospitals: mostly a whole AP pelvis (landscape, centred between the
/// hips, the field's shorter side from the iliac crests to the upper femoral shafts), fewer unilateral hip views
/// (the profile's own fields), and some cropped close-ups of the joint.
/// </summary>
/// <param name="PelvisShare">Share of whole-pelvis views.</param>
/// <param name="CloseUpShare">Share of cropped close-ups; the rest are unilateral hip views.</param>
/// <param name="InternetPelvisFieldMm">Whole pelvis, internet style: the shorter (vertical) side in mm.</param>
/// <param name="HospitalPelvisFieldMm">Whole pelvis, hospital style.</param>
/// <param name="CloseUpFieldMm">Close-up, either style.</param>
internal sealed record PelvisViews(double PelvisShare, double CloseUpShare, (double Low, double High) InternetPelvisFieldMm, (double Low, double High) HospitalPelvisFieldMm, (double Low, double High) CloseUpFieldMm);
