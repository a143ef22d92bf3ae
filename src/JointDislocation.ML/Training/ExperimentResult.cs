using JointDislocation.ML.Data;
using JointDislocation.ML.Statistics;

namespace JointDislocation.ML.Training;

/// <summary>What a training run found: every candidate's cross-validated AUROC, the one selected, its threshold and the refitted model.</summary>
/// <param name="Joint">The joint, when one was named.</param>
/// <param name="Records">The training images that were used (bad files excluded), in order.</param>
/// <param name="Candidates">Every candidate, in the order they were defined.</param>
/// <param name="Selected">The candidate with the best cross-validated AUROC (ties go to the simpler).</param>
/// <param name="Threshold">The operating point chosen on the selected candidate's out-of-fold scores.</param>
/// <param name="Model">The selected candidate refitted on all training images.</param>
/// <param name="Skipped">Files that could not be used, with the reason.</param>
public sealed record ExperimentResult(
    Joint? Joint,
    IReadOnlyList<RadiographRecord> Records,
    IReadOnlyList<CandidateResult> Candidates,
    CandidateResult Selected,
    OperatingPoint Threshold,
    DislocationModel Model,
    IReadOnlyList<SkippedFile> Skipped)
{
    /// <summary>Number of positive training images.</summary>
    public int Positives => Records.Count(r => r.IsPositive);

    /// <summary>Number of negative training images.</summary>
    public int Negatives => Records.Count(r => !r.IsPositive);

    /// <summary>
    /// Training images whose patient is known: from a manifest's <c>patient</c> column, or from a DICOM file's Patient
    /// ID (else Study Instance UID), read in memory only.
    /// </summary>
    public int ImagesWithKnownPatient { get; init; }

    /// <summary>
    /// The leakage check of the cross-validation: held-out images, summed over the folds, whose patient also has an
    /// image in that fold's training part. 0 when folds are grouped by the same patients; more when the manifest's
    /// <c>patient</c> column (which groups first) disagrees with the DICOM headers. A count only; no identifier.
    /// </summary>
    public int HeldOutWithPatientInTraining { get; init; }
}
