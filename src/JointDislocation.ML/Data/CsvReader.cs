using System.Text;

namespace JointDislocation.ML.Data;

/// <summary>
/// The one CSV reader of the library (manifests, score tables): reads a file one record at a time, so that a table
/// of a million rows is never held as one string, and refuses a record longer than <see cref="MaxRecordChars"/>.
/// </summary>
/// <remarks>
/// RFC 4180: fields separated by commas; a field that starts with a double quote is quoted and may hold commas, line
/// breaks and doubled quotes (<c>""</c>); LF, CRLF or a lone CR end a record. A quote opens a quoted field only as the
/// field's first character: <c>a, "b"</c> has the second field <c> "b"</c>, spaces and quotes included, as the RFC
/// says ("spaces are considered part of a field"). Text after a closing quote is kept (<c>"a"b</c> reads
/// <c>ab</c>) rather than refused. Rows are numbered as lines of the file: the header is row 1, and a record that
/// holds line breaks is numbered by the line it starts on. Errors are <see cref="InvalidInputException"/>s naming
/// the file and that row.
/// </remarks>
internal sealed class CsvReader : IDisposable
{
    /// <summary>A single record longer than this is refused rather than buffered.</summary>
    public const int MaxRecordChars = 1 << 20;

    private readonly TextReader _reader;
    private readonly string _path;
    private readonly StringBuilder _field = new();
    private int _line = 1;

    /// <summary>Reads from a reader; <paramref name="path"/> names the source in errors.</summary>
    public CsvReader(TextReader reader, string path)
    {
        _reader = reader;
        _path = path;
    }

    /// <summary>The 1-based line on which the last record read starts.</summary>
    public int Row { get; private set; }

    /// <summary>Opens a file as UTF-8, skipping a byte-order mark (or following it to UTF-16/32).</summary>
    /// <param name="path">The file; named in errors as given.</param>
    /// <returns>The reader; dispose it to close the file.</returns>
    public static CsvReader Open(string path) =>
        new(new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true), path);

    /// <summary>Whether a record is a blank line: one empty field.</summary>
    public static bool IsBlank(List<string> fields) => fields.Count == 1 && fields[0].Length == 0;

    /// <summary>Reads the next record into <paramref name="fields"/>; false at the end of the file.</summary>
    /// <exception cref="InvalidInputException">The record is too long, or a quoted field is not closed.</exception>
    public bool TryRead(List<string> fields)
    {
        fields.Clear();
        _field.Clear();
        Row = _line;
        var inQuotes = false;
        var any = false;
        var length = 0;
        int c;
        while ((c = _reader.Read()) != -1)
        {
            any = true;
            if (++length > MaxRecordChars)
            {
                throw new InvalidInputException(_path, Row, $"row longer than {MaxRecordChars} characters (an unclosed quote?)");
            }

            if (inQuotes)
            {
                if (c == '"')
                {
                    if (_reader.Peek() == '"')
                    {
                        _reader.Read();
                        _field.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        _line++;
                    }

                    _field.Append((char)c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when _field.Length == 0:
                    inQuotes = true;
                    break;
                case ',':
                    fields.Add(_field.ToString());
                    _field.Clear();
                    break;
                case '\r':
                    if (_reader.Peek() == '\n')
                    {
                        _reader.Read();
                    }

                    _line++;
                    fields.Add(_field.ToString());
                    return true;
                case '\n':
                    _line++;
                    fields.Add(_field.ToString());
                    return true;
                default:
                    _field.Append((char)c);
                    break;
            }
        }

        if (inQuotes)
        {
            throw new InvalidInputException(_path, Row, "a quoted field is not closed before the end of the file");
        }

        if (!any)
        {
            return false;
        }

        fields.Add(_field.ToString());
        return true;
    }

    /// <summary>Closes the underlying reader.</summary>
    public void Dispose() => _reader.Dispose();
}
