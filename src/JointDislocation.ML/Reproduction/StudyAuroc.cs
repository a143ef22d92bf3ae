namespace JointDislocation.ML.Reproduction;

/// <summary>The AUROCs the study reported for one joint (Skeletal Radiol 2022;51:2121–2128): internal test and
/// external (hospital) test. The study gave no confidence intervals.</summary>
/// <param name="Internal">AUROC on the internal (internet) test set.</param>
/// <param name="External">AUROC on the external (hospital) test set.</param>
public sealed record StudyAuroc(double Internal, double External)
{
    /// <summary>The study's numbers for a joint.</summary>
    /// <param name="joint">The joint.</param>
    /// <returns>elbow 1.0 / 0.998, hip 0.993 / 0.880, shoulder 1.0 / 0.993, THA 1.0 / 0.950.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The joint is not one of the four.</exception>
    public static StudyAuroc For(Joint joint) => joint switch
    {
        Joint.Elbow => new(1.0, 0.998),
        Joint.Hip => new(0.993, 0.880),
        Joint.Shoulder => new(1.0, 0.993),
        Joint.Tha => new(1.0, 0.950),
        _ => throw new ArgumentOutOfRangeException(nameof(joint), joint, "Unknown joint."),
    };
}
