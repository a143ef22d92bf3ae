using System.Globalization;
using JointDislocation.ML.Data;

namespace JointDislocation.ML.Statistics;

/// <summary>
/// Labels and one or more score columns read from a CSV file with a header row, through the library's one CSV
/// reader: comma-separated, fields optionally in double quotes (<c>""</c> escapes a quote; the quote must be the
/// field's first character), LF or CRLF line ends, an optional UTF-8 byte-order mark, blank lines ignored.
/// Labels may be <c>1/0</c>, <c>true/false</c> or the two label names (<c>dislocated</c>/<c>located</c> by default),
/// case-insensitive. Rows are numbered as lines of the file: the header is row 1.
/// </summary>
public sealed class ScoreTable
{
    private readonly Dictionary<string, double[]> scores;

    private ScoreTable(string path, bool[] labels, Dictionary<string, double[]> scores)
    {
        Path = path;
        Labels = labels;
        this.scores = scores;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>The labels, <see langword="true"/> for positive.</summary>
    public IReadOnlyList<bool> Labels { get; }

    /// <summary>The scores of a column that was read.</summary>
    /// <param name="column">A column named in <see cref="Read"/>.</param>
    /// <returns>The scores, one per label.</returns>
    /// <exception cref="KeyNotFoundException">The column was not read.</exception>
    public IReadOnlyList<double> Scores(string column) => scores[column];

    /// <summary>Reads the file.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="labelColumn">The header of the label column.</param>
    /// <param name="scoreColumns">The headers of the score columns to read.</param>
    /// <param name="positiveLabel">The label name that means positive (besides 1 and true).</param>
    /// <param name="negativeLabel">The label name that means negative (besides 0 and false).</param>
    /// <returns>The table.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidInputException">The file is missing or empty, a column is missing, or a row is bad
    /// (wrong number of fields, unknown label, a score that is not a finite number); the message names file and row.</exception>
    public static ScoreTable Read(string path, string labelColumn, IReadOnlyList<string> scoreColumns, string positiveLabel = "dislocated", string negativeLabel = "located")
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(labelColumn);
        ArgumentNullException.ThrowIfNull(scoreColumns);
        ArgumentNullException.ThrowIfNull(positiveLabel);
        ArgumentNullException.ThrowIfNull(negativeLabel);
        if (!File.Exists(path))
        {
            throw new InvalidInputException(path, null, "the file does not exist.");
        }

        // Size 0 is also what a FIFO or a device reports; reading one would wait forever.
        if (new FileInfo(path).Length == 0)
        {
            throw new InvalidInputException(path, null, "the file is empty; a header row is needed.");
        }

        // Streamed through the one CSV reader: only the parsed labels and scores are kept, never the text.
        using var csv = CsvReader.Open(path);
        var header = new List<string>();
        if (!ReadNonBlank(csv, header))
        {
            throw new InvalidInputException(path, null, "the file is empty; a header row is needed.");
        }

        var headerRow = csv.Row;
        var labelIndex = FindColumn(path, headerRow, header, labelColumn);
        var scoreIndices = scoreColumns.Select(c => FindColumn(path, headerRow, header, c)).ToArray();

        var labelList = new List<bool>();
        var valueLists = scoreColumns.Select(_ => new List<double>()).ToArray();
        var fields = new List<string>();
        while (ReadNonBlank(csv, fields))
        {
            var row = csv.Row;
            if (fields.Count != header.Count)
            {
                throw new InvalidInputException(path, row, $"it has {fields.Count} fields but the header has {header.Count}.");
            }

            labelList.Add(ParseLabel(path, row, fields[labelIndex], labelColumn, positiveLabel, negativeLabel));
            for (var c = 0; c < scoreIndices.Length; c++)
            {
                valueLists[c].Add(ParseScore(path, row, fields[scoreIndices[c]], scoreColumns[c]));
            }
        }

        var labels = labelList.ToArray();
        var values = valueLists.Select(v => v.ToArray()).ToArray();
        var byName = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (var c = 0; c < scoreColumns.Count; c++)
        {
            byName[scoreColumns[c]] = values[c];
        }

        return new ScoreTable(path, labels, byName);
    }

    private static int FindColumn(string path, int row, List<string> header, string name)
    {
        var matches = header.Select((h, i) => (h, i)).Where(x => string.Equals(x.h.Trim(), name, StringComparison.Ordinal)).ToList();
        return matches.Count switch
        {
            1 => matches[0].i,
            0 => throw new InvalidInputException(path, row, $"the header has no column '{name}' (columns: {string.Join(", ", header)})."),
            _ => throw new InvalidInputException(path, row, $"the header has the column '{name}' {matches.Count} times."),
        };
    }

    private static bool ParseLabel(string path, int row, string field, string column, string positive, string negative)
    {
        var value = field.Trim();
        if (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals(positive, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (value == "0" || value.Equals("false", StringComparison.OrdinalIgnoreCase) || value.Equals(negative, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        throw new InvalidInputException(path, row, $"the label '{value}' in column '{column}' is not one of 1/0, true/false, {positive}/{negative}.");
    }

    private static double ParseScore(string path, int row, string field, string column)
    {
        var value = field.Trim();
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var score))
        {
            throw new InvalidInputException(path, row, $"the score '{value}' in column '{column}' is not a number.");
        }

        if (!double.IsFinite(score))
        {
            throw new InvalidInputException(path, row, $"the score in column '{column}' is {ScoreChecks.Describe(score)}; every score must be a finite number.");
        }

        return score;
    }

    // The next record that is not a blank line; false at the end of the file.
    private static bool ReadNonBlank(CsvReader csv, List<string> fields)
    {
        while (csv.TryRead(fields))
        {
            if (!CsvReader.IsBlank(fields))
            {
                return true;
            }
        }

        return false;
    }
}
