using System.Globalization;
using System.Text;

namespace JointDislocation.ML.Data;

/// <summary>
/// The one CSV writer of the library (<c>scores.csv</c>, <c>roc.csv</c>, <c>saliency.csv</c>, phantom manifests):
/// builds the text a row at a time, <c>\n</c> line ends, invariant culture.
/// </summary>
/// <remarks>
/// A field holding a comma, a double quote, a CR or an LF is quoted with its quotes doubled (RFC 4180); others are
/// written as they are. Numbers are written in the shortest form that reads back to the same double
/// (<c>0.8734</c>, <c>1E-05</c>); +∞ is <c>inf</c>, −∞ <c>-inf</c>, NaN <c>NaN</c> (what R and pandas read back as
/// such; an empty field would read as missing). Write the text with
/// <see cref="AtomicFile"/> so that a reader never sees half a file.
/// </remarks>
internal sealed class CsvWriter
{
    private readonly StringBuilder _text = new();
    private bool _rowStarted;

    /// <summary>Starts a table with its header row.</summary>
    /// <param name="header">The column names.</param>
    public CsvWriter(params ReadOnlySpan<string> header)
    {
        foreach (var name in header)
        {
            Field(name);
        }

        EndRow();
    }

    /// <summary>Appends a text field, quoted when it needs to be.</summary>
    public CsvWriter Field(string value)
    {
        Separate();
        _text.Append(Quote(value));
        return this;
    }

    /// <summary>Appends a number in its shortest round-trip form.</summary>
    public CsvWriter Number(double value)
    {
        Separate();
        _text.Append(FormatNumber(value));
        return this;
    }

    /// <summary>Appends an integer.</summary>
    public CsvWriter Number(long value)
    {
        Separate();
        _text.Append(value.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>Ends the current row.</summary>
    public CsvWriter EndRow()
    {
        _text.Append('\n');
        _rowStarted = false;
        return this;
    }

    /// <summary>The table as text.</summary>
    public override string ToString() => _text.ToString();

    /// <summary>A field as written: quoted with doubled quotes when it holds a comma, a quote or a line break.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }

    /// <summary>A number as written: shortest round-trip form, <c>inf</c>, <c>-inf</c> or <c>NaN</c>.</summary>
    public static string FormatNumber(double value) => value switch
    {
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>The inverse of <see cref="FormatNumber"/>: reads a number as written back to the same double.</summary>
    /// <param name="text">The field.</param>
    /// <param name="value">The number.</param>
    /// <returns>Whether the field is a number.</returns>
    public static bool TryParseNumber(string text, out double value)
    {
        ArgumentNullException.ThrowIfNull(text);
        switch (text)
        {
            case "inf":
                value = double.PositiveInfinity;
                return true;
            case "-inf":
                value = double.NegativeInfinity;
                return true;
            case "NaN":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
        }
    }

    private void Separate()
    {
        if (_rowStarted)
        {
            _text.Append(',');
        }

        _rowStarted = true;
    }
}
