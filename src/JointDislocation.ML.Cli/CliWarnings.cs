using System.Globalization;
using JointDislocation.ML.Data;

namespace JointDislocation.ML.Cli;

/// <summary>Warnings printed once per run on standard error, whatever the number of files they concern.</summary>
internal static class CliWarnings
{
    /// <summary>One line when DICOM files were skipped because DCMTK (or, for JPEG 2000, GDCM) is missing, rather than one per file.</summary>
    public static void MissingDcmtk(CliEnvironment environment, IEnumerable<SkippedFile> skipped)
    {
        var count = skipped.Count(s => s.Reason == RadiographDecoder.DicomNeedsDcmtk);
        if (count > 0)
        {
            environment.Error.WriteLine($"warning: {count} DICOM file{(count == 1 ? "" : "s")} skipped: {RadiographDecoder.DicomNeedsDcmtk} (or name its folder in JDML_DCMTK)");
        }

        var jpeg2000 = skipped.Count(s => s.Reason == RadiographDecoder.DicomNeedsGdcm);
        if (jpeg2000 > 0)
        {
            environment.Error.WriteLine($"warning: {jpeg2000} JPEG 2000 DICOM file{(jpeg2000 == 1 ? "" : "s")} skipped: {RadiographDecoder.DicomNeedsGdcm}");
        }
    }

    /// <summary>
    /// What loading the dataset has to say: one line per selection rule with the DICOM files it kept and dropped, one
    /// for the files that are not DICOM (kept untested), and one warning per multi-frame DICOM file.
    /// </summary>
    public static void Dataset(CliEnvironment environment, RadiographDataset dataset)
    {
        foreach (var count in dataset.DicomSelectionCounts)
        {
            environment.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"DICOM selection {count.Rule}: {count.Kept} kept, {count.Dropped} dropped"));
        }

        if (dataset.DicomSelectionCounts.Count > 0 && dataset.DicomSelectionNotDicom > 0)
        {
            var n = dataset.DicomSelectionNotDicom;
            environment.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"DICOM selection: {n} file{(n == 1 ? "" : "s")} not DICOM, kept without testing the rules"));
        }

        foreach (var warning in dataset.Warnings)
        {
            environment.Error.WriteLine("warning: " + warning);
        }
    }
}
