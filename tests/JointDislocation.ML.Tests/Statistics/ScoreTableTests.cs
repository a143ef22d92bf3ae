using JointDislocation.ML.Statistics;

namespace JointDislocation.ML.Tests.Statistics;

public class ScoreTableTests
{
    [Test]
    public void Reads_quotes_bom_crlf_and_every_label_spelling()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "scores.csv");
        File.WriteAllText(path, "\uFEFF\"id\",\"label\",\"score\"\r\n\"a,1\",dislocated,0.9\r\n\"b\"\"2\",\"Located\",\"0.1\"\r\nc,1,2e-1\r\nd,FALSE,-3\r\n\r\n", new System.Text.UTF8Encoding(false));

        var table = ScoreTable.Read(path, "label", ["score"]);

        Assert.That(table.Labels, Is.EqualTo(new[] { true, false, true, false }));
        Assert.That(table.Scores("score"), Is.EqualTo(new[] { 0.9, 0.1, 0.2, -3 }));
    }

    [TestCase("label,score\n1,0.5\nmaybe,0.3\n", 3, "maybe")]
    [TestCase("label,score\n1,0.5\n0,abc\n", 3, "abc")]
    [TestCase("label,score\n1,0.5\n0,NaN\n", 3, "NaN")]
    [TestCase("label,score\n1,0.5\n0,0.2,7\n", 3, "3 fields")]
    [TestCase("label,score\n1,0.5\n0,\"0.2\n", 3, "not closed")]
    [TestCase("label,prob\n1,0.5\n", 1, "no column 'score'")]
    public void A_bad_row_is_refused_naming_file_and_row(string content, int row, string reason)
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "bad.csv");
        File.WriteAllText(path, content);

        var exception = Assert.Throws<InvalidInputException>(() => ScoreTable.Read(path, "label", ["score"]));

        Assert.That(exception!.Path, Is.EqualTo(path));
        Assert.That(exception.Row, Is.EqualTo(row));
        Assert.That(exception.Message, Does.Contain(reason));
    }

    [Test]
    public void A_missing_or_empty_file_is_refused()
    {
        using var directory = new TemporaryDirectory();
        var empty = Path.Combine(directory.Path, "empty.csv");
        File.WriteAllText(empty, "");

        Assert.Throws<InvalidInputException>(() => ScoreTable.Read(Path.Combine(directory.Path, "none.csv"), "label", ["score"]));
        Assert.Throws<InvalidInputException>(() => ScoreTable.Read(empty, "label", ["score"]));
    }
}
