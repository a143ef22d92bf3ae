using System.CommandLine;

namespace JointDislocation.ML.Cli.Commands;

/// <summary>Options shared by several commands, so that each is spelled and described once.</summary>
internal static class CommonOptions
{
    public static Option<string> Out(string description) =>
        new("--out") { Description = description, Required = true };

    public static Option<int> Seed() =>
        new("--seed") { Description = "Seed every random choice flows from.", DefaultValueFactory = _ => 42 };

    public static Option<int?> InputSize() =>
        new("--input-size") { Description = "Square input side of the backbone in pixels; resnet18 takes multiples of 32 from 64 to 1024 (default: the network's own, 224). See docs/backbones.md." };

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

    public static Option<string?> Shard() =>
        new("--shard") { Description = "Do only shard I of N (I/N, from 0), or 'auto' to take I from SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX (with --shard-count N). Outputs go to OUT/shards/I-of-N; 'jdml merge' joins them." };

    public static Option<int?> ShardCount() =>
        new("--shard-count") { Description = "How many shards (needed with --shard auto: a resubmitted index sees an array of one)." };

    public static Option<string?> Cache() =>
        new("--cache") { Description = "A feature cache folder (pack files, safe to share between processes and nodes): images featurised before are not featurised again." };
}
