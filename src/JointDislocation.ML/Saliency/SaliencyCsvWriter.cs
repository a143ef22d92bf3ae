using System.Globalization;
using System.Text;

namespace JointDislocation.ML.Saliency;

/// <summary>
/// Writes <c>saliency.csv</c>: the header <c>path,label,score,method,peakX,peakY,hit,roiEnergy,artifactEnergy</c>, one
/// line per image, <c>\n</c> line ends, UTF-8 without a byte-order mark, invariant culture.
/// </summary>
/// <remarks>
/// Numbers use the shortest form that reads back to the same double (<c>0.8734</c>, <c>1E-05</c>); <c>method</c> is
/// <c>cam</c> or <c>occlusion</c>; <c>peakX</c>/<c>peakY</c> are pixel indices in the original image; <c>hit</c> is
/// <c>true</c> or <c>false</c>, and empty when no ROI is known (as is <c>roiEnergy</c>); <c>artifactEnergy</c> is
/// empty when the artefacts are unknown and 0 when there are none. A field holding a comma, a quote or a line break
/// is quoted, with quotes doubled (RFC 4180).
/// </remarks>
public static class SaliencyCsvWriter
{
    /// <summary>The header line, without its line end.</summary>
    public const string Header = "path,label,score,method,peakX,peakY,hit,roiEnergy,artifactEnergy";

    /// <summary>Formats the rows as CSV text, header first.</summary>
    /// <param name="rows">The rows, written in the order given.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rows"/> or an entry is <see langword="null"/>.</exception>
    public static string Format(IEnumerable<SaliencyCsvRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        text.Append(Header).Append('\n');
        foreach (var row in rows)
        {
            ArgumentNullException.ThrowIfNull(row, nameof(rows));
            ArgumentNullException.ThrowIfNull(row.Scores, nameof(rows));
            var s = row.Scores;
            text.Append(Quote(row.Path ?? string.Empty)).Append(',')
                .Append(Quote(row.Label ?? string.Empty)).Append(',')
                .Append(Number(row.Score)).Append(',')
                .Append(MethodName(row.Method)).Append(',')
                .Append(s.PeakX.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(s.PeakY.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(s.Hit switch { true => "true", false => "false", null => string.Empty }).Append(',')
                .Append(s.RoiEnergy is { } roi ? Number(roi) : string.Empty).Append(',')
                .Append(s.ArtifactEnergy is { } artifact ? Number(artifact) : string.Empty).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Writes the rows to a file atomically.</summary>
    /// <param name="path">The CSV file to create or replace.</param>
    /// <param name="rows">The rows.</param>
    /// <exception cref="ArgumentNullException">An argument or row is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    public static void Write(string path, IEnumerable<SaliencyCsvRow> rows)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.WriteAllText(path, Format(rows));
    }

    /// <summary>The CSV name of a method: <c>cam</c> or <c>occlusion</c>.</summary>
    /// <param name="method">The method.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The method is not defined.</exception>
    public static string MethodName(SaliencyMethod method) => method switch
    {
        SaliencyMethod.Cam => "cam",
        SaliencyMethod.Occlusion => "occlusion",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown saliency method."),
    };

    private static string Number(double value) =>
        double.IsFinite(value)
            ? value.ToString(CultureInfo.InvariantCulture)
            : throw new ArgumentException($"A saliency.csv number is {value}; only finite numbers are written.", nameof(value));

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
