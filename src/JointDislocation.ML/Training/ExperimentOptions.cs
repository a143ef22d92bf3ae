using JointDislocation.ML.Augmentation;
using JointDislocation.ML.Data;
using JointDislocation.ML.Statistics;

namespace JointDislocation.ML.Training;

/// <summary>Settings of a per-joint training run; validated before any work starts.</summary>
public sealed record ExperimentOptions
{
    /// <summary>The joint the model is for (recorded in the bundle); null for another binary task.</summary>
    public Joint? Joint { get; init; }

    /// <summary>Label name of the positive class, recorded in the bundle.</summary>
    /// <value>Default <c>dislocated</c>.</value>
    public string PositiveLabel { get; init; } = DatasetOptions.DefaultPositiveLabel;

    /// <summary>Label name of the negative class, recorded in the bundle.</summary>
    /// <value>Default <c>located</c>.</value>
    public string NegativeLabel { get; init; } = DatasetOptions.DefaultNegativeLabel;

    /// <summary>Candidate heads.</summary>
    /// <value>Default all five, simplest first.</value>
    public IReadOnlyList<HeadKind> Heads { get; init; } = HeadNames.All;

    /// <summary>Candidate augmentation modes.</summary>
    /// <value>Default <c>none</c> and <c>static:13</c>.</value>
    public IReadOnlyList<AugmentationMode> AugmentationModes { get; init; } = [AugmentationMode.None, AugmentationPresets.StudyStaticMode];

    /// <summary>Policy of static copies.</summary>
    /// <value>Default the study's: 11 fixed rotations and two random affine copies.</value>
    public AugmentationPolicy StaticPolicy { get; init; } = AugmentationPresets.StudyStatic;

    /// <summary>Policy of online draws.</summary>
    /// <value>Default the study's: rotation ±5°, crop 224 of 256, flips, brightness 0.25.</value>
    public AugmentationPolicy OnlinePolicy { get; init; } = AugmentationPresets.StudyOnline;

    /// <summary>Cross-validation folds.</summary>
    /// <value>Default 5.</value>
    public int Folds { get; init; } = 5;

    /// <summary>How the operating threshold is chosen on out-of-fold scores.</summary>
    /// <value>Default <see cref="ThresholdMethod.Youden"/>.</value>
    public ThresholdMethod ThresholdMethod { get; init; } = ThresholdMethod.Youden;

    /// <summary>The target sensitivity (with <see cref="ThresholdMethod.TargetSensitivity"/>) or the threshold (with <see cref="ThresholdMethod.Fixed"/>).</summary>
    public double? ThresholdParameter { get; init; }

    /// <summary>Confidence level of the cross-validated AUROC intervals.</summary>
    /// <value>Default 0.95.</value>
    public double Level { get; init; } = 0.95;

    /// <summary>Hyper-parameters of the heads.</summary>
    public HeadTrainingOptions HeadOptions { get; init; } = new();

    /// <summary>Stop at the first file that cannot be decoded instead of skipping it.</summary>
    public bool Strict { get; init; }

    /// <summary>
    /// Whether the model bundle keeps a fingerprint of each training image (SHA-256, perceptual hash, 16 × 16
    /// thumbnail; never a path or file name), so that evaluation can find test images that copy training images. Off,
    /// the bundle keeps nothing of the training images and evaluation reports leakage as not checked
    /// (docs/privacy.md; <c>jdml train --no-fingerprints</c>).
    /// </summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool KeepTrainingFingerprints { get; init; } = true;

    /// <summary>Decoding limits.</summary>
    public ImageDecodingOptions Decoding { get; init; } = ImageDecodingOptions.Default;

    /// <summary>
    /// How many threads decode images and fit cross-validation folds at once. Results do not depend on it: every
    /// fit has its own derived seed and writes only its own slots. The backbone's threads are its own setting.
    /// </summary>
    /// <value>Default <see langword="null"/>: one per processor.</value>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Epochs of each fine-tuning job of the fine-tuned heads (<c>finetune</c>, <c>finetune-last</c>); ignored by the others.</summary>
    /// <value>Default 3.</value>
    public int FineTuneEpochs { get; init; } = 3;

    /// <summary>Whether fine-tuning applies the study's on-the-fly augmentation (rotation ±5°, crop 224 of 256 scaled with the input side, flips, brightness 0.25).</summary>
    /// <value>Default <see langword="true"/>: the study's recipe.</value>
    public bool FineTuneAugment { get; init; } = true;

    /// <summary>Checks every setting; all problems are reported together.</summary>
    /// <exception cref="ArgumentException">Some setting is invalid; the message lists each.</exception>
    public void Validate() => OptionsValidator.Validate("training options", Collect);

    /// <summary>States every rule of these options on <paramref name="problems"/>.</summary>
    internal void Collect(OptionsValidator problems)
    {
        if (Heads is null || Heads.Count == 0)
        {
            problems.Add($"At least one head is needed.");
        }

        if (AugmentationModes is null || AugmentationModes.Count == 0)
        {
            problems.Add($"At least one augmentation mode is needed.");
        }

        if (Folds < 2)
        {
            problems.Add($"Folds must be ≥ 2 (was {Folds}).");
        }

        if (!(Level > 0 && Level < 1))
        {
            problems.Add($"Level must lie in (0, 1) (was {Level}).");
        }

        if (string.IsNullOrWhiteSpace(PositiveLabel) || string.IsNullOrWhiteSpace(NegativeLabel) || string.Equals(PositiveLabel, NegativeLabel, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"PositiveLabel and NegativeLabel must be two different, non-empty names.");
        }

        switch (ThresholdMethod)
        {
            case ThresholdMethod.TargetSensitivity when ThresholdParameter is not (> 0 and <= 1):
                problems.Add($"A target sensitivity in (0, 1] is needed (was {ThresholdParameter?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}).");
                break;
            case ThresholdMethod.Fixed when ThresholdParameter is null || !double.IsFinite(ThresholdParameter.Value):
                problems.Add($"A fixed threshold needs a finite ThresholdParameter.");
                break;
        }

        if (FineTuneEpochs < 1)
        {
            problems.Add($"FineTuneEpochs must be at least 1 (was {FineTuneEpochs}).");
        }

        if (MaxDegreeOfParallelism is < 1)
        {
            problems.Add($"MaxDegreeOfParallelism must be at least 1 (was {MaxDegreeOfParallelism}).");
        }

        if (HeadOptions is not null)
        {
            problems.Nested("HeadOptions: ", HeadOptions.Collect);
        }
    }
}
