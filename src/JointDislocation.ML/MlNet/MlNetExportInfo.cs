namespace JointDislocation.ML.MlNet;

/// <summary>
/// What an exported <c>model.zip</c> says about itself (entry <c>JointDislocation.ML/export.json</c>, beside the
/// model's manifest in <c>JointDislocation.ML/manifest.json</c>); ML.NET ignores both entries when it loads the zip.
/// </summary>
/// <param name="FormatVersion">Version of this record's layout.</param>
/// <param name="LibraryVersion">Version of JointDislocation.ML that exported the model.</param>
/// <param name="MlNetVersion">Version of ML.NET that wrote the zip; image resampling changes in ML.NET's next major version.</param>
/// <param name="BackboneName">For example <c>resnet18</c>.</param>
/// <param name="BackboneSha256">SHA-256 of the backbone's original ONNX file (the graph inside the zip is that file with the preprocessing merged in).</param>
/// <param name="ResizePolicy">How images reach the network input.</param>
/// <param name="InputColumnName">The text column of image paths the pipeline reads.</param>
/// <param name="Threshold">The operating threshold on the probability (positive when probability ≥ it).</param>
/// <param name="ScoreThreshold">The same threshold as ML.NET applies it (positive when Score &gt; it).</param>
public sealed record MlNetExportInfo(
    int FormatVersion,
    string LibraryVersion,
    string MlNetVersion,
    string BackboneName,
    string BackboneSha256,
    string ResizePolicy,
    string InputColumnName,
    double Threshold,
    float ScoreThreshold)
{
    /// <summary>The layout this library writes.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The zip entry of this record.</summary>
    public const string EntryName = "JointDislocation.ML/export.json";

    /// <summary>The zip entry of the model's manifest.</summary>
    public const string ManifestEntryName = "JointDislocation.ML/manifest.json";
}
