using System.CommandLine;

namespace JointDislocation.ML.Cli.Commands;

/// <summary>Options shared by several commands, so that each is spelled and described once.</summary>
internal static class CommonOptions
{
    public static Option<string> Out(string description) =>
        new("--out") { Description = description, Required = true };

    public static Option<int> Seed() =>
        new("--seed") { Description = "Seed every random choice flows from.", DefaultValueFactory = _ => 42 };

    public static Option<string> Data() =>
        new("--data") { Description = "A folder (root/<label>/*, root/<joint>/<label>/*) or a CSV manifest.", Required = true };

    public static Option<string> Model() =>
        new("--model") { Description = "A model bundle (model.jdml) written by 'jdml train'.", Required = true };

    public static Option<bool> Strict() =>
        new("--strict") { Description = "Stop at the first bad file with exit code 2 instead of skipping it." };

    public static Option<string[]> DicomSelect() =>
        new("--dicom-select")
        {
            Description = "Keep only DICOM files whose attribute has one of the values, e.g. Modality=CR,DX; repeat for more rules (all must match). "
                + "Attributes: Modality, BodyPartExamined, ViewPosition, Laterality, ImageLaterality. Files that are not DICOM are kept.",
            AllowMultipleArgumentsPerToken = false,
        };

    public static Option<int?> Bootstrap() =>
        new("--bootstrap") { Description = "Number of stratified bootstrap replicates for a percentile confidence interval." };

    public static Option<string?> Joints(string description) =>
        new("--joints") { Description = description };
}
