namespace JointDislocation.ML.Reproduction;

/// <summary>The outcome of <see cref="StudyReproduction.RunAsync"/>.</summary>
/// <param name="Options">The settings used.</param>
/// <param name="Joints">One entry per joint, in the order asked for.</param>
/// <param name="ElapsedSeconds">Wall-clock seconds of the whole run, phantoms to report.</param>
/// <param name="ResultsPath">The written <c>results.json</c>.</param>
/// <param name="MarkdownPath">The written <c>report.md</c> (figures under <c>figures/</c> beside it).</param>
/// <param name="HtmlPath">The written self-contained <c>report.html</c>.</param>
/// <param name="FigureCount">Figures in the report.</param>
public sealed record ReproductionResult(
    ReproductionOptions Options,
    IReadOnlyList<JointReproduction> Joints,
    double ElapsedSeconds,
    string ResultsPath,
    string MarkdownPath,
    string HtmlPath,
    int FigureCount);
