using System.Text;

namespace JointDislocation.ML.Reporting;

/// <summary>Renders a <see cref="ReportDocument"/> as Markdown that links its figures as files in a folder beside it.</summary>
public static class MarkdownReportRenderer
{
    /// <summary>Renders the report.</summary>
    /// <param name="document">The report.</param>
    /// <param name="figureFolder">The folder of the figure files, relative to the Markdown file, for example <c>figures</c>.</param>
    /// <returns>The Markdown text.</returns>
    public static string Render(ReportDocument document, string figureFolder)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(figureFolder);
        var md = new StringBuilder();
        md.Append("# ").Append(document.Title).Append("\n\n");
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case ReportHeading heading:
                    md.Append(new string('#', heading.Level)).Append(' ').Append(heading.Text).Append("\n\n");
                    break;
                case ReportParagraph { IsNote: true } note:
                    md.Append("> **Note.** ").Append(note.Text).Append("\n\n");
                    break;
                case ReportParagraph paragraph:
                    md.Append(paragraph.Text).Append("\n\n");
                    break;
                case ReportTable table:
                    md.Append("| ").Append(string.Join(" | ", table.Headers.Select(Cell))).Append(" |\n");
                    md.Append('|').Append(string.Concat(table.Headers.Select((_, i) => i == 0 ? " --- |" : " ---: |"))).Append('\n');
                    foreach (var row in table.Rows)
                    {
                        md.Append("| ").Append(string.Join(" | ", row.Select(Cell))).Append(" |\n");
                    }

                    md.Append('\n');
                    if (table.Caption is not null)
                    {
                        md.Append('*').Append(table.Caption).Append("*\n\n");
                    }

                    break;
                case ReportFigure figure:
                    md.Append(Image(figure, figureFolder)).Append("\n\n*").Append(figure.Caption).Append("*\n\n");
                    break;
                case ReportGallery gallery:
                    md.Append(gallery.Caption).Append("\n\n");
                    md.Append(string.Join(' ', gallery.Figures.Select(f => Image(f, figureFolder)))).Append("\n\n");
                    break;
            }
        }

        return md.ToString();
    }

    private static string Image(ReportFigure figure, string folder) =>
        $"![{figure.Caption.Replace("]", ")", StringComparison.Ordinal)}]({(folder.Length == 0 ? figure.FileName : $"{folder}/{figure.FileName}")})";

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
