namespace JointDislocation.ML.Data;

/// <summary>What one <see cref="DicomSelectionRule"/> did while a dataset was loaded.</summary>
/// <param name="Rule">The rule, as written (<c>Modality=CR,DX</c>).</param>
/// <param name="Kept">DICOM files whose attribute matched.</param>
/// <param name="Dropped">DICOM files whose attribute did not match or was missing.</param>
/// <remarks>Every rule is tested on every DICOM file, so each rule's counts add up to the DICOM files read; a file is
/// left out when any rule drops it.</remarks>
public sealed record DicomSelectionCount(string Rule, int Kept, int Dropped);
