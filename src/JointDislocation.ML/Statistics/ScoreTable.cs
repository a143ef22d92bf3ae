using System.Globalization;
using System.Text;

namespace JointDislocation.ML.Statistics;

/// <summary>
/// Labels and one or more score columns read from a CSV file with a header row: comma-separated, fields optionally
/// in double quotes (<c>""</c> escapes a quote), LF or CRLF line ends, an optional UTF-8 byte-order mark, blank lines
/// ignored. Labels may be <c>1/0</c>, <c>true/false</c> or the two label names (<c>dislocated</c>/<c>located</c> by
/// default), case-insensitive. Rows are numbered as lines of the file: the header is row 1.
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

        string text;
        using (var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        {
            text = reader.ReadToEnd();
        }

        var records = ParseRecords(text, path);
        if (records.Count == 0)
        {
            throw new InvalidInputException(path, null, "the file is empty; a header row is needed.");
        }

        var (headerRow, header) = records[0];
        var labelIndex = FindColumn(path, headerRow, header, labelColumn);
        var scoreIndices = scoreColumns.Select(c => FindColumn(path, headerRow, header, c)).ToArray();

        var labels = new bool[records.Count - 1];
        var values = scoreColumns.Select(_ => new double[records.Count - 1]).ToArray();
        for (var r = 1; r < records.Count; r++)
        {
            var (row, fields) = records[r];
            if (fields.Count != header.Count)
            {
                throw new InvalidInputException(path, row, $"it has {fields.Count} fields but the header has {header.Count}.");
            }

            labels[r - 1] = ParseLabel(path, row, fields[labelIndex], labelColumn, positiveLabel, negativeLabel);
            for (var c = 0; c < scoreIndices.Length; c++)
            {
                values[c][r - 1] = ParseScore(path, row, fields[scoreIndices[c]], scoreColumns[c]);
            }
        }

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

    // RFC 4180 records with the line each starts on; blank lines are skipped.
    private static List<(int Row, List<string> Fields)> ParseRecords(string text, string path)
    {
        var records = new List<(int, List<string>)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var inQuotes = false;
        var fieldWasQuoted = false;
        var i = 0;

        void EndField()
        {
            fields.Add(field.ToString());
            field.Clear();
            fieldWasQuoted = false;
        }

        void EndRecord()
        {
            EndField();
            if (!(fields.Count == 1 && fields[0].Length == 0))
            {
                records.Add((recordLine, fields));
            }

            fields = [];
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                        continue;
                    }

                    inQuotes = false;
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                i++;
                continue;
            }

            switch (c)
            {
                case '"' when field.ToString().Trim().Length == 0 && !fieldWasQuoted:
                    field.Clear();
                    inQuotes = true;
                    fieldWasQuoted = true;
                    break;
                case ',':
                    EndField();
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\n':
                case '\r':
                    EndRecord();
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    break;
            }

            i++;
        }

        if (inQuotes)
        {
            throw new InvalidInputException(path, recordLine, "a quoted field is not closed.");
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            EndRecord();
        }

        return records;
    }
}
