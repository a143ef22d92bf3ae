namespace JointDislocation.ML.Data;

/// <summary>
/// The "same patient on both sides" check: how many test images belong to a patient who also has a training image.
/// Patients are known from the manifest's <c>patient</c> column (only within one dataset: two datasets number their
/// patients independently) and from DICOM headers (Patient ID, else Study Instance UID; across datasets too). Only a
/// count leaves this class; the identifiers stay in memory.
/// </summary>
internal static class PatientOverlap
{
    /// <summary>Test records whose patient also has a record in <paramref name="training"/>.</summary>
    /// <param name="training">The training side.</param>
    /// <param name="test">The test side.</param>
    /// <param name="sameDataset">Whether both sides come from one dataset, so that its <c>patient</c> column may be compared.</param>
    public static int Count(IEnumerable<RadiographRecord> training, IEnumerable<RadiographRecord> test, bool sameDataset)
    {
        var known = training.SelectMany(r => Keys(r, sameDataset)).ToHashSet(StringComparer.Ordinal);
        return known.Count == 0 ? 0 : test.Count(r => Keys(r, sameDataset).Any(known.Contains));
    }

    /// <summary>How many records have a known patient (for the same comparison).</summary>
    public static int Known(IEnumerable<RadiographRecord> records, bool sameDataset) => records.Count(r => Keys(r, sameDataset).Any());

    private static IEnumerable<string> Keys(RadiographRecord record, bool sameDataset)
    {
        if (sameDataset && record.GroupId is { } group)
        {
            yield return "g:" + group;
        }

        if (record.DicomPatientKey is { } dicom)
        {
            yield return "d:" + dicom;
        }
    }
}
