namespace JointDislocation.ML.Reporting;

/// <summary>One block of a <see cref="ReportDocument"/>.</summary>
public abstract record ReportBlock;

/// <summary>A section heading.</summary>
/// <param name="Text">The heading.</param>
/// <param name="Level">2 for a section, 3 or 4 below.</param>
public sealed record ReportHeading(string Text, int Level) : ReportBlock;

/// <summary>A paragraph of plain text.</summary>
/// <param name="Text">The text.</param>
/// <param name="IsNote">Whether it is highlighted as a note.</param>
public sealed record ReportParagraph(string Text, bool IsNote) : ReportBlock;

/// <summary>A table of text cells.</summary>
/// <param name="Headers">Column headers.</param>
/// <param name="Rows">Rows of cells.</param>
/// <param name="Caption">Optional caption.</param>
public sealed record ReportTable(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, string? Caption) : ReportBlock;

/// <summary>A PNG figure.</summary>
/// <param name="FileName">File name under the report's figure folder, for example <c>roc-hip.png</c>.</param>
/// <param name="Caption">What the figure shows; also its alternative text.</param>
/// <param name="Png">The encoded image.</param>
public sealed record ReportFigure(string FileName, string Caption, byte[] Png) : ReportBlock;

/// <summary>Small figures side by side.</summary>
/// <param name="Caption">What the gallery shows.</param>
/// <param name="Figures">The figures.</param>
public sealed record ReportGallery(string Caption, IReadOnlyList<ReportFigure> Figures) : ReportBlock;
