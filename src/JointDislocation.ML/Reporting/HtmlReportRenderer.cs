using System.Net;
using System.Text;

namespace JointDislocation.ML.Reporting;

/// <summary>Renders a <see cref="ReportDocument"/> as one self-contained HTML file: styles inline, figures as data URIs.</summary>
public static class HtmlReportRenderer
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI","DejaVu Sans",sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#1d1d1f;line-height:1.5}
        h1{font-size:1.8em;border-bottom:2px solid #ddd;padding-bottom:.3em}
        h2{margin-top:2em;border-bottom:1px solid #eee}
        table{border-collapse:collapse;margin:1em 0;font-size:.92em}
        th,td{border:1px solid #ccc;padding:.35em .6em;text-align:right}
        th{background:#f4f4f6}
        td:first-child,th:first-child{text-align:left}
        caption{caption-side:bottom;font-size:.85em;color:#555;padding-top:.4em;text-align:left}
        figure{margin:1.2em 0}
        figure img{max-width:100%;border:1px solid #ddd}
        figcaption{font-size:.85em;color:#555}
        .gallery{display:flex;flex-wrap:wrap;gap:.6em}
        .gallery figure{margin:0;width:220px}
        .note{background:#fff8e1;border-left:4px solid #f0b400;padding:.6em 1em}
        """;

    /// <summary>Renders the report.</summary>
    /// <param name="document">The report.</param>
    /// <returns>The HTML text.</returns>
    public static string Render(ReportDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Encode(document.Title)).Append("</title>\n<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n")
            .Append("<h1>").Append(Encode(document.Title)).Append("</h1>\n");
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case ReportHeading heading:
                    html.Append("<h").Append(heading.Level).Append('>').Append(Encode(heading.Text)).Append("</h").Append(heading.Level).Append(">\n");
                    break;
                case ReportParagraph { IsNote: true } note:
                    html.Append("<p class=\"note\">").Append(Encode(note.Text)).Append("</p>\n");
                    break;
                case ReportParagraph paragraph:
                    html.Append("<p>").Append(Encode(paragraph.Text)).Append("</p>\n");
                    break;
                case ReportTable table:
                    AppendTable(html, table);
                    break;
                case ReportFigure figure:
                    AppendFigure(html, figure);
                    break;
                case ReportGallery gallery:
                    html.Append("<section class=\"gallery-section\">\n<p>").Append(Encode(gallery.Caption)).Append("</p>\n<div class=\"gallery\">\n");
                    foreach (var figure in gallery.Figures)
                    {
                        AppendFigure(html, figure);
                    }

                    html.Append("</div>\n</section>\n");
                    break;
            }
        }

        // Lets a browser test read how many figures the browser actually decoded.
        html.Append("<script>window.addEventListener('load',function(){var n=0;for(var i=0;i<document.images.length;i++){var m=document.images[i];if(m.complete&&m.naturalWidth>0){n++;}}document.body.setAttribute('data-figures-decoded',String(n));});</script>\n");
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendTable(StringBuilder html, ReportTable table)
    {
        html.Append("<table>\n");
        if (table.Caption is not null)
        {
            html.Append("<caption>").Append(Encode(table.Caption)).Append("</caption>\n");
        }

        html.Append("<thead><tr>");
        foreach (var header in table.Headers)
        {
            html.Append("<th>").Append(Encode(header)).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                html.Append("<td>").Append(Encode(cell)).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static void AppendFigure(StringBuilder html, ReportFigure figure)
    {
        html.Append("<figure><img alt=\"").Append(Encode(figure.Caption)).Append("\" src=\"data:image/png;base64,")
            .Append(Convert.ToBase64String(figure.Png)).Append("\"><figcaption>").Append(Encode(figure.Caption))
            .Append("</figcaption></figure>\n");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
