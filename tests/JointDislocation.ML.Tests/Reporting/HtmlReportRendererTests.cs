using JointDislocation.ML.Reporting;

namespace JointDislocation.ML.Tests.Reporting;

public class HtmlReportRendererTests
{
    private static ReportDocument SampleReport()
    {
        var roc = RocPlot.RenderPng("hip", [
            new RocPlotSeries("internal, AUROC 0.95", [0, 0.1, 1], [0, 0.8, 1], (0.1, 0.8)),
            new RocPlotSeries("external, AUROC 0.85", [0, 0.3, 1], [0, 0.7, 1]),
        ]);
        return new ReportDocument("Reproduction <test> & more")
            .Heading("Results")
            .Table(["joint", "AUROC"], [["hip", "0.95"], ["tha", "0.99"]], "AUROC with 95% CI")
            .Note("Synthetic images.")
            .Figure(new ReportFigure("roc-hip.png", "ROC curves, hip", roc))
            .Gallery("CAM gallery", [new ReportFigure("a.png", "a", roc), new ReportFigure("b.png", "b", roc)]);
    }

    [Test]
    public void Html_is_self_contained_and_escapes_text()
    {
        var html = HtmlReportRenderer.Render(SampleReport());

        Assert.That(html, Does.Contain("<title>Reproduction &lt;test&gt; &amp; more</title>"));
        Assert.That(html, Does.Contain("<th>AUROC</th>"));
        Assert.That(html, Does.Not.Contain("src=\"roc-hip.png\""));
        Assert.That(System.Text.RegularExpressions.Regex.Matches(html, "src=\"data:image/png;base64,"), Has.Count.EqualTo(3));
    }

    [Test]
    public void Markdown_links_figures_in_their_folder()
    {
        var markdown = MarkdownReportRenderer.Render(SampleReport(), "figures");

        Assert.That(markdown, Does.StartWith("# Reproduction <test> & more"));
        Assert.That(markdown, Does.Contain("| joint | AUROC |"));
        Assert.That(markdown, Does.Contain("![ROC curves, hip](figures/roc-hip.png)"));
        Assert.That(markdown, Does.Contain("> **Note.** Synthetic images."));
    }

    [Test]
    public void Roc_plot_is_a_png_of_the_requested_size()
    {
        var png = RocPlot.RenderPng("x", [new RocPlotSeries("a", [0, 1], [0, 1])], size: 300);

        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        Assert.That(bitmap.Width, Is.EqualTo(300));
        Assert.That(bitmap.Height, Is.EqualTo(300));
    }

    [Test]
    [Category("Browser")]
    public void A_real_browser_renders_the_table_and_decodes_every_figure()
    {
        using var folder = new TemporaryDirectory("jdml-html");
        var path = folder.Combine("report.html");
        File.WriteAllText(path, HtmlReportRenderer.Render(SampleReport()));

        var dom = HeadlessChromium.DumpDom(path, new TemporaryDirectory("jdml-chromium"));

        Assert.That(dom, Does.Contain("data-figures-decoded=\"3\""), "the browser must decode all three embedded PNGs");
        Assert.That(dom, Does.Contain("<td>hip</td>"));
    }
}
