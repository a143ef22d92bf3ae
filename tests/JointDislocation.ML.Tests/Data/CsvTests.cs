using JointDislocation.ML.Data;
using JointDislocation.ML.Statistics;

namespace JointDislocation.ML.Tests.Data;

/// <summary>The one CSV reader and writer: RFC 4180 both ways, and what each writes reads back.</summary>
public class CsvTests
{
    [Test]
    public void A_quote_opens_a_field_only_as_its_first_character()
    {
        using var csv = new CsvReader(new StringReader("a, \"b,c\"\n\"d,e\",f\n"), "t.csv");
        var fields = new List<string>();

        Assert.That(csv.TryRead(fields), Is.True);
        Assert.That(fields, Is.EqualTo(new[] { "a", " \"b", "c\"" }));
        Assert.That(csv.TryRead(fields), Is.True);
        Assert.That(fields, Is.EqualTo(new[] { "d,e", "f" }));
        Assert.That(csv.TryRead(fields), Is.False);
    }

    [Test]
    public void Score_tables_follow_the_same_rule_a_space_before_a_quote_is_part_of_the_field()
    {
        // ScoreTable's own parser used to open a quote after leading spaces; RFC 4180 keeps the spaces and the quote.
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "scores.csv");
        File.WriteAllText(path, "label,score\n1, \"0.5\"\n");

        var exception = Assert.Throws<InvalidInputException>(() => ScoreTable.Read(path, "label", ["score"]));

        Assert.That((exception!.Path, exception.Row), Is.EqualTo((path, 2)));
        Assert.That(exception.Message, Does.Contain("not a number"));
    }

    [Test]
    public void Records_are_numbered_by_the_line_they_start_on_and_a_long_record_is_refused()
    {
        using var csv = new CsvReader(new StringReader("h\r\n\"x\ny\"\r\nz"), "t.csv");
        var fields = new List<string>();
        var rows = new List<(int, string)>();
        while (csv.TryRead(fields))
        {
            rows.Add((csv.Row, fields[0]));
        }

        Assert.That(rows, Is.EqualTo(new[] { (1, "h"), (2, "x\ny"), (4, "z") }));

        using var endless = new CsvReader(new StringReader("a\n\"" + new string('x', CsvReader.MaxRecordChars)), "big.csv");
        endless.TryRead(fields);
        var exception = Assert.Throws<InvalidInputException>(() => endless.TryRead(fields));
        Assert.That((exception!.Path, exception.Row), Is.EqualTo(("big.csv", 2)));
    }

    [Test]
    public void What_the_writer_writes_the_reader_reads_back()
    {
        var text = new CsvWriter("path", "value")
            .Field("a,\"b\"\nc").Number(0.1 + 0.2).EndRow()
            .Field("plain").Number(double.PositiveInfinity).EndRow()
            .Field(string.Empty).Number(double.NaN).EndRow()
            .ToString();

        Assert.That(text, Is.EqualTo("path,value\n\"a,\"\"b\"\"\nc\",0.30000000000000004\nplain,inf\n,NaN\n"));
        using var csv = new CsvReader(new StringReader(text), "t.csv");
        var fields = new List<string>();
        csv.TryRead(fields);
        csv.TryRead(fields);
        Assert.That(fields, Is.EqualTo(new[] { "a,\"b\"\nc", "0.30000000000000004" }));
        Assert.That(double.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(0.1 + 0.2));
    }
}
