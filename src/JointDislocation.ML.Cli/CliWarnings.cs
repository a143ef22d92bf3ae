using JointDislocation.ML.Data;

namespace JointDislocation.ML.Cli;

/// <summary>Warnings printed once per run on standard error, whatever the number of files they concern.</summary>
internal static class CliWarnings
{
    /// <summary>One line when DICOM files were skipped because DCMTK is missing, rather than one per file.</summary>
    public static void MissingDcmtk(CliEnvironment environment, IEnumerable<SkippedFile> skipped)
    {
        var count = skipped.Count(s => s.Reason == RadiographDecoder.DicomNeedsDcmtk);
        if (count > 0)
        {
            environment.Error.WriteLine($"warning: {count} DICOM file{(count == 1 ? "" : "s")} skipped: {RadiographDecoder.DicomNeedsDcmtk} (or name its folder in JDML_DCMTK)");
        }
    }
}
