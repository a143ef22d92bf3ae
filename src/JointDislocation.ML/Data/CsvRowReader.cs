using System.Text;

namespace JointDislocation.ML.Data;

/// <summary>
/// Reads a CSV file one record at a time (RFC 4180: quoted fields with commas, doubled quotes and line breaks; LF or
/// CRLF line ends), so that a manifest of a million rows is never held as one string.
/// </summary>
internal sealed class CsvRowReader : IDisposable
{
    /// <summary>A single record longer than this is refused rather than buffered.</summary>
    public const int MaxRecordChars = 1 << 20;

    private readonly TextReader _reader;
    private readonly string _path;
    private readonly StringBuilder _field = new();
    private int _line = 1;

    public CsvRowReader(TextReader reader, string path)
    {
        _reader = reader;
        _path = path;
    }

    /// <summary>The 1-based line on which the last record read starts.</summary>
    public int Row { get; private set; }

    /// <summary>Reads the next record into <paramref name="fields"/>; false at the end of the file.</summary>
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

    public void Dispose() => _reader.Dispose();
}
