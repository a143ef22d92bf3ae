namespace JointDislocation.ML.Data;

/// <summary>How DCMTK chooses the grey values (the VOI transform) of a DICOM image.</summary>
public enum DicomWindowChoice
{
    /// <summary>
    /// The file's first VOI LUT, else its first window (centre and width), else: stored values as they are for data of
    /// 8 bits or fewer (like an 8-bit PNG), the range of values the image holds for more bits (like a 16-bit PNG).
    /// </summary>
    FileWindow,

    /// <summary>Always the range of values the image holds (DCMTK's min–max window).</summary>
    MinMax,
}
