using JointDislocation.ML.Data;

namespace JointDislocation.ML.Saliency;

/// <summary>The result of explaining a set of images.</summary>
/// <param name="Method">How the maps were made.</param>
/// <param name="Images">Every explained image, in input order.</param>
/// <param name="Summary">Hit rate, mean energy fractions and shortcut warnings over the images with known regions.</param>
/// <param name="Skipped">Files that could not be used, with the reason.</param>
public sealed record ExplainResult(SaliencyMethod Method, IReadOnlyList<ExplainedImage> Images, SaliencyScoreSummary Summary, IReadOnlyList<SkippedFile> Skipped)
{
    /// <summary>The rows of <c>saliency.csv</c>.</summary>
    public IReadOnlyList<SaliencyCsvRow> CsvRows =>
        Images.Select(i => new SaliencyCsvRow(i.Record.Path, i.Record.Label, i.Prediction.Probability, Method, i.Scores)).ToList();
}
