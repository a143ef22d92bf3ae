using System.Globalization;
using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Phantoms;

/// <summary>One row of a phantom set's <c>manifest.csv</c>.</summary>
/// <param name="Path">The image, relative to the manifest, with forward slashes: <c>&lt;joint&gt;/&lt;label&gt;/&lt;name&gt;.png</c>.</param>
/// <param name="Joint">The joint.</param>
/// <param name="Label"><c>dislocated</c> or <c>located</c>.</param>
/// <param name="Style">The style.</param>
/// <param name="DisplacementMm">The head's displacement in millimetres.</param>
/// <param name="Roi">The joint's region of interest in pixels of the saved image.</param>
/// <param name="Artifacts">Boxes of burned-in text, markers, arrows, circles and watermarks, and of the regions added around the radiograph (borders, toolbar, caption, second panel).</param>
public sealed record PhantomManifestEntry(string Path, Joint Joint, string Label, PhantomStyle Style, double DisplacementMm, PixelBox Roi, IReadOnlyList<PixelBox> Artifacts)
{
    /// <summary>The manifest's header line (docs/data-format.md).</summary>
    public const string CsvHeader = "path,joint,label,style,displacement,roiX,roiY,roiWidth,roiHeight,artifacts";

    /// <summary>The row as CSV, in the order of <see cref="CsvHeader"/>, each field quoted by the library's one CSV
    /// writer where it needs to be (generated rows never do).</summary>
    /// <returns>The line, without a line break.</returns>
    public string ToCsvRow() => string.Join(',', new[]
    {
        Path, Joint.ToName(), Label, Style.ToName(), DisplacementMm.ToString("0.##", CultureInfo.InvariantCulture),
        Invariant(Roi.X), Invariant(Roi.Y), Invariant(Roi.Width), Invariant(Roi.Height), string.Join(';', Artifacts),
    }.Select(CsvWriter.Quote));

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
