using System.Globalization;
using JointDislocation.ML.Augmentation;
using JointDislocation.ML.Backbones;
using JointDislocation.ML.Data;
using JointDislocation.ML.Phantoms;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Reproduction;

/// <summary>
/// Settings of <see cref="StudyReproduction"/>: which joints, how many phantoms, which candidate models and how they
/// are selected. The defaults are the full protocol; <see cref="AsQuick"/> gives the small grid.
/// </summary>
public sealed record ReproductionOptions
{
    /// <summary>The number of online-augmentation epochs in the full grid.</summary>
    public const int DefaultOnlineEpochs = 8;

    /// <summary>Folder that receives <c>results.json</c>, <c>report.md</c>, <c>report.html</c>, <c>figures/</c>,
    /// the phantom images (<c>data/</c>) and the feature cache (<c>cache/</c>).</summary>
    /// <value>Empty; required.</value>
    public string OutputDirectory { get; init; } = string.Empty;

    /// <summary>The joints to run, in order.</summary>
    /// <value>All four: shoulder, elbow, hip, THA.</value>
    public IReadOnlyList<Joint> Joints { get; init; } = JointNames.All;

    /// <summary>The seed every random choice flows from (phantoms, split, folds, augmentation, heads).</summary>
    /// <value>42.</value>
    public int Seed { get; init; } = 42;

    /// <summary>Whether this is the small grid of <see cref="AsQuick"/>; the report says so.</summary>
    /// <value><see langword="false"/>.</value>
    public bool Quick { get; init; }

    /// <summary>Images per class in each joint's internet-style (development) set.</summary>
    /// <value>50, as in the study (50 dislocated, 50 located).</value>
    public int InternetPerClass { get; init; } = 50;

    /// <summary>Images per class in each joint's hospital-style (external) set.</summary>
    /// <value>50, as in the study.</value>
    public int HospitalPerClass { get; init; } = 50;

    /// <summary>Share of the internet set held out, stratified by label, as the internal test set.</summary>
    /// <value>0.2 (an 80 / 20 split).</value>
    public double InternalTestFraction { get; init; } = 0.2;

    /// <summary>
    /// The phantoms' settings, with their own rules. Only <see cref="PhantomOptions.Difficulty"/> is taken from it:
    /// the joint, class and style of each phantom are set by the run.
    /// </summary>
    /// <value>The phantom generator's defaults (difficulty 0.3).</value>
    public PhantomOptions Phantoms { get; init; } = new();

    /// <summary>
    /// The per-joint training settings, with their own rules. The run sets the joint and stops at the first
    /// undecodable phantom (<see cref="ExperimentOptions.Strict"/>); everything else is taken from here.
    /// </summary>
    /// <value>The experiment defaults with heads logreg, svm, sdca, lightgbm; the study's two augmentation modes,
    /// online:<see cref="DefaultOnlineEpochs"/> and static:13 (the study trained every candidate with augmentation, so
    /// the protocol has no unaugmented candidate); and 5 folds.</value>
    public ExperimentOptions Experiment { get; init; } = new()
    {
        Heads = [HeadKind.LogisticRegression, HeadKind.LinearSvm, HeadKind.SdcaLogisticRegression, HeadKind.LightGbm],
        AugmentationModes = [AugmentationMode.Online(DefaultOnlineEpochs), AugmentationPresets.StudyStaticMode],
        Folds = 5,
    };

    /// <summary>Phantom difficulty, from 0 (gross dislocations) to 1 (subtle subluxations), for both styles; a
    /// shortcut to <see cref="Phantoms"/>' <see cref="PhantomOptions.Difficulty"/>.</summary>
    /// <value>0.3, the phantom generator's default.</value>
    public double Difficulty
    {
        get => Phantoms.Difficulty;
        init => Phantoms = Phantoms with { Difficulty = value };
    }

    /// <summary>Candidate heads; a shortcut to <see cref="Experiment"/>'s <see cref="ExperimentOptions.Heads"/>.</summary>
    /// <value>logreg, svm, sdca, lightgbm.</value>
    public IReadOnlyList<HeadKind> Heads
    {
        get => Experiment.Heads;
        init => Experiment = Experiment with { Heads = value };
    }

    /// <summary>Candidate augmentation modes; static copies use the study's static policy, online epochs its
    /// on-the-fly policy (<see cref="AugmentationPresets"/>). A shortcut to <see cref="Experiment"/>'s
    /// <see cref="ExperimentOptions.AugmentationModes"/>.</summary>
    /// <value>online:<see cref="DefaultOnlineEpochs"/>, static:13 (the study's two policies).</value>
    public IReadOnlyList<AugmentationMode> AugmentationModes
    {
        get => Experiment.AugmentationModes;
        init => Experiment = Experiment with { AugmentationModes = value };
    }

    /// <summary>Folds of the cross-validation that selects the model, on the internal training part only; a
    /// shortcut to <see cref="Experiment"/>'s <see cref="ExperimentOptions.Folds"/>.</summary>
    /// <value>5.</value>
    public int Folds
    {
        get => Experiment.Folds;
        init => Experiment = Experiment with { Folds = value };
    }

    /// <summary>The tighter near-duplicate distance the report uses.</summary>
    public const int DefaultDuplicateMaxDistance = 4;

    /// <summary>Largest perceptual-hash distance (of 64 bits) at which a test image counts as a near-duplicate of a
    /// training image. Tighter than the finder's default (<see cref="DuplicateFinderOptions.DefaultMaxDistance"/>, 8)
    /// because distinct phantoms of one joint, each drawn from its own seed, were measured at distance 8 from each
    /// other; the report also counts the pairs the default distance would flag.</summary>
    /// <value><see cref="DefaultDuplicateMaxDistance"/> (4).</value>
    public int DuplicateMaxDistance { get; init; } = DefaultDuplicateMaxDistance;

    /// <summary>Panels per group (dislocated/located × right/wrong) in each joint's CAM gallery.</summary>
    /// <value>2.</value>
    public int GalleryPerGroup { get; init; } = 2;

    /// <summary>The image backbone for every joint; <see langword="null"/> for the built-in ResNet18 at each joint's
    /// <see cref="InputSizeFor"/>.</summary>
    /// <value><see langword="null"/>.</value>
    public IImageBackbone? Backbone { get; init; }

    /// <summary>
    /// The built-in ResNet18's square input side for every joint, or <see langword="null"/> for each joint's default
    /// (<see cref="DefaultInputSize"/>). Not with <see cref="Backbone"/>, which brings its own size.
    /// </summary>
    /// <value><see langword="null"/>.</value>
    public int? InputSize { get; init; }

    /// <summary>
    /// The input side a joint runs at by default: 448 for the hip and THA, whose phantoms are mostly whole-pelvis
    /// films where at 224 pixels the joint is a few map cells and a frozen ResNet18 barely sees it (measured in
    /// docs/backbones.md, "Input size"); 224, the network's own, for the shoulder and the elbow. A fine-tuned
    /// candidate trains the backbone at the same side.
    /// </summary>
    /// <param name="joint">The joint.</param>
    /// <returns>The side in pixels.</returns>
    public static int DefaultInputSize(Joint joint) => joint is Joint.Hip or Joint.Tha ? PelvisInputSize : Backbones.Backbone.ResNet18InputSize;

    /// <summary>The default input side of the hip and THA (see <see cref="DefaultInputSize"/>).</summary>
    public const int PelvisInputSize = 448;

    /// <summary>The built-in ResNet18's input side for a joint in this run: <see cref="InputSize"/>, else
    /// <see cref="DefaultInputSize"/>.</summary>
    /// <param name="joint">The joint.</param>
    /// <returns>The side in pixels.</returns>
    public int InputSizeFor(Joint joint) => InputSize ?? DefaultInputSize(joint);

    /// <summary>The small grid: logreg and lightgbm × static:2, 3-fold cross-validation, the same image counts. It
    /// runs the whole protocol for a first look and for tests; its numbers are not the full run's.</summary>
    /// <returns>A copy of these options with the small grid.</returns>
    public ReproductionOptions AsQuick() => this with
    {
        Quick = true,
        Heads = [HeadKind.LogisticRegression, HeadKind.LightGbm],
        AugmentationModes = [AugmentationMode.Static(2)],
        Folds = 3,
    };

    /// <summary>
    /// These options with the fine-tuned candidate <c>finetune</c> added to the heads (the study's recipe, the whole
    /// network, <paramref name="epochs"/> epochs per fold): <c>jdml reproduce --finetune-epochs N</c>. The run then
    /// needs a fine-tuner (<see cref="StudyReproduction(ReproductionOptions, IBackboneFineTuner?)"/>). Not in the
    /// default grid: on 2 cores fine-tuning costs minutes per joint, and the full grid keeps its 10-minute budget.
    /// </summary>
    /// <param name="epochs">Epochs of each fine-tuning job.</param>
    /// <returns>A copy of these options.</returns>
    public ReproductionOptions WithFineTuning(int epochs) => this with
    {
        Experiment = Experiment with
        {
            Heads = [.. Experiment.Heads.Where(h => h != HeadKind.FineTune), HeadKind.FineTune],
            FineTuneEpochs = epochs,
        },
    };

    /// <summary>Checks every option and reports all problems together.</summary>
    /// <exception cref="ArgumentException">One or more options are invalid.</exception>
    public void Validate() => OptionsValidator.Validate("reproduction options", Collect);

    /// <summary>States every rule of these options on <paramref name="problems"/>.</summary>
    internal void Collect(OptionsValidator problems)
    {
        if (string.IsNullOrWhiteSpace(OutputDirectory))
        {
            problems.Add($"OutputDirectory is required.");
        }

        if (Joints is null || Joints.Count == 0 || Joints.Distinct().Count() != Joints.Count)
        {
            problems.Add($"Joints must name at least one joint, each once.");
        }

        if (Experiment is null)
        {
            problems.Add($"Experiment is required.");
        }
        else
        {
            // The experiment's own rules (heads, modes, folds, threshold, …), stated once in ExperimentOptions.
            problems.Nested(string.Empty, Experiment.Collect);
        }

        if (!(InternalTestFraction > 0 && InternalTestFraction < 1))
        {
            problems.Add($"InternalTestFraction must lie in (0, 1) (was {InternalTestFraction}).");
        }

        // Each class needs a fold's worth of training images and at least one internal test image.
        var folds = Experiment?.Folds ?? 0;
        var trainingPerClass = InternetPerClass - (int)Math.Round(InternetPerClass * InternalTestFraction, MidpointRounding.AwayFromZero);
        if (InternetPerClass < 2 || trainingPerClass < Math.Max(folds, 1))
        {
            problems.Add($"InternetPerClass ({InternetPerClass}) leaves {trainingPerClass} training images per class; {folds}-fold cross-validation needs at least {folds}.");
        }

        if (HospitalPerClass < 1)
        {
            problems.Add($"HospitalPerClass must be ≥ 1 (was {HospitalPerClass}).");
        }

        if (Phantoms is null)
        {
            problems.Add($"Phantoms is required.");
        }
        else
        {
            problems.Nested(string.Empty, Phantoms.Collect);
        }

        if (DuplicateMaxDistance is < 0 or > 64)
        {
            problems.Add($"DuplicateMaxDistance must lie in [0, 64] (was {DuplicateMaxDistance}).");
        }

        if (InputSize is { } side && !Backbones.Backbone.IsValidResNet18InputSize(side))
        {
            problems.Add($"InputSize must be a multiple of 32 from 64 to 1024 (was {side}).");
        }

        if (InputSize is not null && Backbone is not null)
        {
            problems.Add($"InputSize applies to the built-in ResNet18; the given Backbone brings its own input size.");
        }

        if (GalleryPerGroup < 0)
        {
            problems.Add($"GalleryPerGroup must be ≥ 0 (was {GalleryPerGroup}).");
        }
    }
}
