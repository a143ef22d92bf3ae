using System.Globalization;
using JointDislocation.ML.Data;

namespace JointDislocation.ML.Saliency;

/// <summary>
/// Writes <c>saliency.csv</c>: the header <c>path,label,score,method,peakX,peakY,hit,roiEnergy,artifactEnergy</c>, one
/// line per image, <c>\n</c> line ends, UTF-8 without a byte-order mark, invariant culture, through the library's
/// one CSV writer.
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
        var csv = new CsvWriter(Header.Split(','));
        foreach (var row in rows)
        {
            ArgumentNullException.ThrowIfNull(row, nameof(rows));
            ArgumentNullException.ThrowIfNull(row.Scores, nameof(rows));
            var s = row.Scores;
            csv.Field(row.Path ?? string.Empty)
                .Field(row.Label ?? string.Empty)
                .Number(Finite(row.Score))
                .Field(MethodName(row.Method))
                .Number(s.PeakX)
                .Number(s.PeakY)
                .Field(Flag(s.Hit))
                .Field(OptionalNumber(s.RoiEnergy))
                .Field(OptionalNumber(s.ArtifactEnergy))
                .EndRow();
        }

        return csv.ToString();
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

    /// <summary>A flag as this file writes it: <c>true</c>, <c>false</c>, or empty when unknown.</summary>
    internal static string Flag(bool? value) => value switch { true => "true", false => "false", null => string.Empty };

    /// <summary>An optional number as this file writes it: its shortest round-trip form, or empty when unknown.</summary>
    internal static string OptionalNumber(double? value) => value is { } v ? CsvWriter.FormatNumber(Finite(v)) : string.Empty;

    /// <summary>The inverse of <see cref="Flag"/>; empty is refused unless <paramref name="optional"/>.</summary>
    internal static bool? ParseFlag(string text, bool optional, string path, int line, string column) => text switch
    {
        "true" => true,
        "false" => false,
        "" when optional => null,
        _ => throw new InvalidInputException(path, line, $"{column} is '{text}', not true{(optional ? ", false or empty" : " or false")}; the file is damaged."),
    };

    /// <summary>The inverse of <see cref="OptionalNumber"/>: the same double, or null for an empty field.</summary>
    internal static double? ParseOptionalNumber(string text, string path, int line, string column) =>
        text.Length == 0 ? null
        : CsvWriter.TryParseNumber(text, out var value) && double.IsFinite(value) ? value
        : throw new InvalidInputException(path, line, $"{column} is '{text}', not a finite number; the file is damaged.");

    /// <summary>A whole number of this file (a pixel index, a listing position): digits only.</summary>
    internal static int ParseIndex(string text, string path, int line, string column) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidInputException(path, line, $"{column} is '{text}', not a whole number; the file is damaged.");

    /// <summary>
    /// The scores a row written by <see cref="Format"/> holds, read back (<c>peakX</c>, <c>peakY</c>, <c>hit</c>,
    /// <c>roiEnergy</c>, <c>artifactEnergy</c>): the same values, since numbers are written in round-trip form.
    /// </summary>
    internal static (int PeakX, int PeakY, bool? Hit, double? RoiEnergy, double? ArtifactEnergy) ParseScores(IReadOnlyList<string> row, string path, int line) => (
        ParseIndex(row[PeakXColumn], path, line, "peakX"),
        ParseIndex(row[PeakXColumn + 1], path, line, "peakY"),
        ParseFlag(row[PeakXColumn + 2], optional: true, path, line, "hit"),
        ParseOptionalNumber(row[PeakXColumn + 3], path, line, "roiEnergy"),
        ParseOptionalNumber(row[PeakXColumn + 4], path, line, "artifactEnergy"));

    // The scores' columns follow peakX in the order Format writes them.
    private static readonly int PeakXColumn = Array.IndexOf(Header.Split(','), "peakX");

    // The file's contract is finite numbers only; the shared writer would write NaN and infinity as words.
    private static double Finite(double value) =>
        double.IsFinite(value)
            ? value
            : throw new ArgumentException($"A saliency.csv number is {value}; only finite numbers are written.", nameof(value));
}
