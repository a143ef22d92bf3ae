using JointDislocation.ML.Data;
using JointDislocation.ML.Evaluation;
using JointDislocation.ML.Statistics;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Reproduction;

/// <summary>The protocol's outcome for one joint.</summary>
/// <param name="Joint">The joint.</param>
/// <param name="Training">Candidates with their cross-validated AUROCs on the internal training part, the selected
/// model, its operating threshold (chosen on out-of-fold scores) and the refitted model.</param>
/// <param name="Internal">The selected model on the internal (internet) test set.</param>
/// <param name="External">The selected model on the external (hospital) set; <see cref="ModelEvaluation.AtThreshold"/>
/// holds sensitivity and specificity at the internally chosen threshold.</param>
/// <param name="InternalVsExternal">Unpaired DeLong comparison of the internal and external AUROCs.</param>
/// <param name="Cam">The class-activation-map check.</param>
/// <param name="InternalDuplicates">Copies and near-duplicates (within <see cref="ReproductionOptions.DuplicateMaxDistance"/>) between the internal test set and the training part.</param>
/// <param name="ExternalDuplicates">Copies and near-duplicates (within <see cref="ReproductionOptions.DuplicateMaxDistance"/>) between the external set and the training part.</param>
/// <param name="Paper">The study's AUROCs for this joint.</param>
/// <param name="CamGalleryPng">A contact sheet of CAM panels (dislocated and located, right and wrong), or
/// <see langword="null"/> when no image could be shown.</param>
/// <param name="Seconds">Wall-clock seconds this joint took.</param>
public sealed record JointReproduction(
    Joint Joint,
    ExperimentResult Training,
    ModelEvaluation Internal,
    ModelEvaluation External,
    RocComparison InternalVsExternal,
    CamCheck Cam,
    DuplicateReport InternalDuplicates,
    DuplicateReport ExternalDuplicates,
    StudyAuroc Paper,
    byte[]? CamGalleryPng,
    double Seconds)
{
    /// <summary>The backbone's input side in pixels for this joint (<see cref="ReproductionOptions.InputSizeFor"/>).</summary>
    public int InputSize { get; init; }

    /// <summary>Internal test images within the finder's default distance (8) of a training image: lookalikes, not
    /// necessarily copies.</summary>
    public int InternalLookalikes { get; init; }

    /// <summary>External images within the finder's default distance (8) of a training image.</summary>
    public int ExternalLookalikes { get; init; }

    /// <summary>Internal test images whose patient also has a training image (manifest <c>patient</c> column or DICOM
    /// Patient ID / Study Instance UID); a count only.</summary>
    public int InternalSamePatient { get; init; }

    /// <summary>External images whose DICOM Patient ID (else Study Instance UID) also has a training image; a count only.</summary>
    public int ExternalSamePatient { get; init; }

    /// <summary>The selected candidate's name, such as <c>logreg+static:13</c>.</summary>
    public string Selected => Training.Selected.Name;
}
