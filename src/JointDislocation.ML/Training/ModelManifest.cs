using System.Text.Json.Serialization;
using JointDislocation.ML.Statistics;

namespace JointDislocation.ML.Training;

/// <summary>The manifest of a model bundle (<c>manifest.json</c> inside <c>model.jdml</c>).</summary>
public sealed record ModelManifest
{
    /// <summary>
    /// The bundle format this library writes and reads. Version 2: the head's ML.NET chain starts with its own
    /// feature normaliser (version 1 heads expected standardised features and are refused with a message).
    /// </summary>
    public const int CurrentFormatVersion = 2;

    /// <summary>Bundle format version.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>Version of JointDislocation.ML that wrote the bundle.</summary>
    public string LibraryVersion { get; init; } = DislocationContext.LibraryVersion;

    /// <summary>The joint, or null for another binary task. Stored as its name (<c>hip</c>).</summary>
    [JsonConverter(typeof(ManifestJointConverter))]
    public Joint? Joint { get; init; }

    /// <summary>Label name of the positive class.</summary>
    public required string PositiveLabel { get; init; }

    /// <summary>Label name of the negative class.</summary>
    public required string NegativeLabel { get; init; }

    /// <summary>The backbone the head was trained on.</summary>
    public required BackboneDescriptor Backbone { get; init; }

    /// <summary>The head. Stored as its name, for example <c>logreg</c>.</summary>
    [JsonConverter(typeof(ManifestHeadConverter))]
    public required HeadKind Head { get; init; }

    /// <summary>The augmentation mode, for example <c>static:13</c>.</summary>
    public required string Augmentation { get; init; }

    /// <summary>How the threshold was chosen. Stored as its name: <c>Youden</c>, <c>TargetSensitivity</c> …</summary>
    [JsonConverter(typeof(ManifestThresholdMethodConverter))]
    public required ThresholdMethod ThresholdMethod { get; init; }

    /// <summary>
    /// The operating threshold on the probability: a probability at or above it is called positive. May be +∞
    /// (nothing called positive: Youden's choice when no threshold beats chance) or −∞, stored as <c>"Infinity"</c> /
    /// <c>"-Infinity"</c>.
    /// </summary>
    [JsonConverter(typeof(ManifestThresholdConverter))]
    public required double Threshold { get; init; }

    /// <summary>Cross-validation folds.</summary>
    public int Folds { get; init; }

    /// <summary>Cross-validated AUROC of the selected candidate.</summary>
    public double CvAuroc { get; init; }

    /// <summary>Lower bound of its DeLong interval.</summary>
    public double CvLower { get; init; }

    /// <summary>Upper bound of its DeLong interval.</summary>
    public double CvUpper { get; init; }

    /// <summary>The seed of the run.</summary>
    public int Seed { get; init; }

    /// <summary>Per-feature offset (training mean) of the normaliser at the head of the ML.NET chain; a record, the chain holds its own copy.</summary>
    public required IReadOnlyList<float> FeatureMean { get; init; }

    /// <summary>Per-feature scale (1 / standard deviation, 0 for a constant feature) of that normaliser.</summary>
    public required IReadOnlyList<float> FeatureScale { get; init; }

    /// <summary>For linear heads, the weights on raw pooled features (for class activation maps).</summary>
    public IReadOnlyList<float>? LinearWeights { get; init; }

    /// <summary>For linear heads, the bias on raw pooled features.</summary>
    public float? LinearBias { get; init; }

    /// <summary>
    /// For a fine-tuned head (<c>finetune</c>, <c>finetune-last</c>): the fine-tuned backbone the bundle carries as its
    /// <c>backbone.onnx</c> entry, with its SHA-256. Absent (and not written) for every other head, so bundles without
    /// fine-tuning keep their exact bytes.
    /// </summary>
    public FineTunedBackboneRecord? FineTunedBackbone { get; init; }

    /// <summary>SHA-256 of the <c>head.zip</c> entry, so a damaged or swapped head is refused.</summary>
    public required string HeadSha256 { get; init; }

    /// <summary>
    /// Fingerprints of the training images, for leakage checks: content hashes and thumbnails only, never paths or
    /// file names (docs/privacy.md).
    /// </summary>
    public IReadOnlyList<TrainingImageFingerprint> TrainingImages { get; init; } = [];

    /// <summary>
    /// True when training was asked to keep no fingerprints (<c>--no-fingerprints</c>): <see cref="TrainingImages"/> is
    /// empty on purpose, and evaluation reports leakage as not checked rather than as none found.
    /// </summary>
    public bool TrainingFingerprintsOmitted { get; init; }
}
