namespace JointDislocation.ML.Reporting;

/// <summary>
/// A report as a list of blocks, rendered to Markdown (figures as files beside it) and to one self-contained HTML
/// file (figures embedded), so both say the same thing.
/// </summary>
public sealed class ReportDocument
{
    private readonly List<ReportBlock> _blocks = [];

    /// <summary>Creates an empty report.</summary>
    /// <param name="title">The title, shown as the top heading.</param>
    public ReportDocument(string title)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        Title = title;
    }

    /// <summary>The title.</summary>
    public string Title { get; }

    /// <summary>The blocks, in order.</summary>
    public IReadOnlyList<ReportBlock> Blocks => _blocks;

    /// <summary>Every figure of the report, in order.</summary>
    public IEnumerable<ReportFigure> Figures =>
        _blocks.SelectMany(b => b switch
        {
            ReportFigure figure => [figure],
            ReportGallery gallery => gallery.Figures,
            _ => Array.Empty<ReportFigure>(),
        });

    /// <summary>Adds a section heading.</summary>
    /// <param name="text">The heading.</param>
    /// <param name="level">2 for a section, 3 for a subsection.</param>
    /// <returns>This report.</returns>
    public ReportDocument Heading(string text, int level = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 4);
        _blocks.Add(new ReportHeading(text, level));
        return this;
    }

    /// <summary>Adds a paragraph of plain text (no markup is interpreted).</summary>
    /// <param name="text">The text.</param>
    /// <returns>This report.</returns>
    public ReportDocument Paragraph(string text)
    {
        _blocks.Add(new ReportParagraph(text, IsNote: false));
        return this;
    }

    /// <summary>Adds a highlighted note, for what a reader must not miss.</summary>
    /// <param name="text">The text.</param>
    /// <returns>This report.</returns>
    public ReportDocument Note(string text)
    {
        _blocks.Add(new ReportParagraph(text, IsNote: true));
        return this;
    }

    /// <summary>Adds a table.</summary>
    /// <param name="headers">Column headers.</param>
    /// <param name="rows">Rows, each with as many cells as there are headers.</param>
    /// <param name="caption">An optional caption.</param>
    /// <returns>This report.</returns>
    /// <exception cref="ArgumentException">A row has the wrong number of cells.</exception>
    public ReportDocument Table(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Count != headers.Count)
            {
                throw new ArgumentException($"Row {i} has {rows[i].Count} cells; the table has {headers.Count} columns.", nameof(rows));
            }
        }

        _blocks.Add(new ReportTable(headers, rows, caption));
        return this;
    }

    /// <summary>Adds a figure.</summary>
    /// <param name="figure">The figure.</param>
    /// <returns>This report.</returns>
    public ReportDocument Figure(ReportFigure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        _blocks.Add(figure);
        return this;
    }

    /// <summary>Adds a gallery of small figures shown side by side.</summary>
    /// <param name="caption">What the gallery shows.</param>
    /// <param name="figures">The figures.</param>
    /// <returns>This report.</returns>
    public ReportDocument Gallery(string caption, IReadOnlyList<ReportFigure> figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        _blocks.Add(new ReportGallery(caption, figures));
        return this;
    }
}
