using JointDislocation.ML.Augmentation;
using JointDislocation.ML.Backbones;
using JointDislocation.ML.Data;
using JointDislocation.ML.Statistics;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.MlNet;

/// <summary>
/// Settings of <see cref="RadiographTrainersCatalog.RadiographTransfer(Microsoft.ML.BinaryClassificationCatalog.BinaryClassificationTrainers, RadiographTransferOptions)"/>, shaped like ML.NET's
/// <c>ImageClassificationTrainer.Options</c> for binary labels (see docs/mlnet.md for the mapping); validated when the
/// estimator is built, every problem reported in one message.
/// </summary>
public sealed record RadiographTransferOptions
{
    /// <summary>The boolean label column; <see langword="true"/> is the positive class (dislocated).</summary>
    /// <value>Default <c>Label</c>.</value>
    public string LabelColumnName { get; init; } = "Label";

    /// <summary>The text column holding each image's path.</summary>
    /// <value>Default <c>ImagePath</c>.</value>
    public string ImagePathColumnName { get; init; } = "ImagePath";

    /// <summary>A folder relative paths are read from (saved with the model as an absolute path); null to use paths as given.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public string? ImageFolder { get; init; }

    /// <summary>The joint, recorded in the model; null for another binary task.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public Joint? Joint { get; init; }

    /// <summary>Candidate heads, compared by cross-validated AUROC (ImageClassificationTrainer has one, fixed).</summary>
    /// <value>Default logistic regression (L-BFGS) only.</value>
    public IReadOnlyList<HeadKind> Heads { get; init; } = [HeadKind.LogisticRegression];

    /// <summary>Candidate augmentation modes.</summary>
    /// <value>Default <c>none</c>.</value>
    public IReadOnlyList<AugmentationMode> Augmentation { get; init; } = [AugmentationMode.None];

    /// <summary>Cross-validation folds for selection and the threshold.</summary>
    /// <value>Default 5.</value>
    public int Folds { get; init; } = 5;

    /// <summary>The seed every random choice of the run flows from.</summary>
    /// <value>Default 42.</value>
    public int Seed { get; init; } = 42;

    /// <summary>How the operating threshold is chosen on out-of-fold scores.</summary>
    /// <value>Default <see cref="ThresholdMethod.Youden"/>.</value>
    public ThresholdMethod ThresholdMethod { get; init; } = ThresholdMethod.Youden;

    /// <summary>How images reach the network input.</summary>
    /// <value>Default <see cref="ResizePolicy.IsoCrop"/>.</value>
    public ResizePolicy ResizePolicy { get; init; } = ResizePolicy.IsoCrop;

    /// <summary>
    /// A folder for the feature cache (ImageClassificationTrainer's <c>WorkspacePath</c>): a rerun on the same images
    /// skips featurisation.
    /// </summary>
    /// <value>Default <see langword="null"/>: no cache.</value>
    public string? WorkspacePath { get; init; }

    /// <summary>Called once per candidate (head × augmentation) with its cross-validated AUROC and DeLong interval.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public Action<CandidateResult>? MetricsCallback { get; init; }

    /// <summary>Receives the stages of the run (decode, featurize, cross-validate, refit).</summary>
    /// <value>Default <see langword="null"/>.</value>
    public IProgress<TrainingProgress>? Progress { get; init; }

    /// <summary>The experiment settings these options stand for.</summary>
    internal ExperimentOptions ToExperimentOptions() => new()
    {
        Joint = Joint,
        Heads = Heads,
        AugmentationModes = Augmentation,
        Folds = Folds,
        ThresholdMethod = ThresholdMethod,
        Strict = true,
    };

    /// <summary>Checks every setting; all problems are reported together.</summary>
    /// <exception cref="ArgumentException">Some setting is invalid; the message lists each.</exception>
    public void Validate() => OptionsValidator.Validate("RadiographTransfer options", Collect);

    /// <summary>States every rule of these options on <paramref name="problems"/>.</summary>
    internal void Collect(OptionsValidator problems)
    {
        if (string.IsNullOrWhiteSpace(LabelColumnName))
        {
            problems.Add($"LabelColumnName is required.");
        }

        if (string.IsNullOrWhiteSpace(ImagePathColumnName))
        {
            problems.Add($"ImagePathColumnName is required.");
        }

        if (ImageFolder is not null && string.IsNullOrWhiteSpace(ImageFolder))
        {
            problems.Add($"ImageFolder must be null or a folder name.");
        }

        if (WorkspacePath is not null && string.IsNullOrWhiteSpace(WorkspacePath))
        {
            problems.Add($"WorkspacePath must be null or a folder name.");
        }

        if (ResizePolicy == ResizePolicy.Stretch || !Enum.IsDefined(ResizePolicy))
        {
            problems.Add($"ResizePolicy must be IsoCrop or Letterbox (was {ResizePolicy}); ML.NET's Fill would not give the trained features.");
        }

        if (ThresholdMethod is ThresholdMethod.TargetSensitivity or ThresholdMethod.Fixed)
        {
            problems.Add($"ThresholdMethod {ThresholdMethod} needs a parameter; use the experiment builder for it.");
        }

        ToExperimentOptions().Collect(problems);
    }
}
