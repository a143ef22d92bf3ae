using JointDislocation.ML.Augmentation;
using JointDislocation.ML.Backbones;
using JointDislocation.ML.Data;
using JointDislocation.ML.Statistics;

namespace JointDislocation.ML.Training;

/// <summary>
/// Builds a per-joint <see cref="Experiment"/>: <c>context.Training().ForJoint(Joint.Hip).WithData(dataset)
/// .WithHeads(HeadKind.LogisticRegression).WithAugmentation(AugmentationMode.Static(13)).WithCrossValidation(5).Build()</c>.
/// <see cref="Build"/> validates every setting before any work and locks the builder.
/// </summary>
public sealed class ExperimentBuilder
{
    private readonly int _seed;
    private ExperimentOptions _options = new();
    private List<RadiographRecord>? _records;
    private IImageBackbone? _backbone;
    private FeatureCache? _cache;
    private IBackboneFineTuner? _fineTuner;
    private bool _built;

    // What ForJoint and WithData set explicitly; WithOptions keeps them instead of taking the options' values.
    private Joint? _joint;
    private (string Positive, string Negative)? _labels;

    /// <summary>Creates a builder whose run draws every random choice from <paramref name="seed"/>.</summary>
    /// <param name="seed">The seed.</param>
    public ExperimentBuilder(int seed)
    {
        _seed = seed;
    }

    /// <summary>Names the joint (recorded in the bundle).</summary>
    /// <param name="joint">The joint.</param>
    /// <returns>This builder.</returns>
    public ExperimentBuilder ForJoint(Joint joint)
    {
        Set(o => o with { Joint = joint });
        _joint = joint;
        return this;
    }

    /// <summary>Uses a loaded data set, and its label names.</summary>
    /// <param name="dataset">The training images.</param>
    /// <returns>This builder.</returns>
    public ExperimentBuilder WithData(RadiographDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        Set(o => o with { PositiveLabel = dataset.PositiveLabel, NegativeLabel = dataset.NegativeLabel });
        _labels = (dataset.PositiveLabel, dataset.NegativeLabel);
        _records = [.. dataset.Records];
        return this;
    }

    /// <summary>Uses records directly.</summary>
    /// <param name="records">The training images.</param>
    /// <returns>This builder.</returns>
    public ExperimentBuilder WithRecords(IEnumerable<RadiographRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        EnsureOpen();
        _records = [.. records];
        return this;
    }

    /// <summary>Uses a backbone; the default is the built-in ResNet18.</summary>
    /// <param name="backbone">The backbone.</param>
    /// <returns>This builder.</returns>
    public ExperimentBuilder WithBackbone(IImageBackbone backbone)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        EnsureOpen();
        _backbone = backbone;
        return this;
    }

    /// <summary>Sets the candidate heads.</summary>
    /// <param name="heads">The heads.</param>
    /// <returns>This builder.</returns>
    public ExperimentBuilder WithHeads(params HeadKind[] heads) => Set(o => o with { Heads = [.. heads.Distinct()] });

    /// <summary>Sets the candidate augmentation modes.</summary>
    /// <param name="modes">The modes.</param>
    /// <returns>This builder.</returns>
    public ExperimentBuilder WithAugmentation(params AugmentationMode[] modes) => Set(o => o with { AugmentationModes = [.. modes.Distinct()] });

    /// <summary>Sets the policies behind static copies and online draws.</summary>
    /// <param name="staticPolicy">Policy of static copies, or null to keep the study's.</param>
    /// <param name="onlinePolicy">Policy of online draws, or null to keep the study's.</param>
    /// <returns>This builder.</returns>
    public ExperimentBuilder WithAugmentationPolicies(AugmentationPolicy? staticPolicy = null, AugmentationPolicy? onlinePolicy = null) =>
        Set(o => o with { StaticPolicy = staticPolicy ?? o.StaticPolicy, OnlinePolicy = onlinePolicy ?? o.OnlinePolicy });

    /// <summary>Sets the number of cross-validation folds.</summary>
    /// <param name="folds">The folds.</param>
    /// <returns>This builder.</returns>
    public ExperimentBuilder WithCrossValidation(int folds) => Set(o => o with { Folds = folds });

    /// <summary>Sets how the operating threshold is chosen on out-of-fold scores.</summary>
    /// <param name="method">The method.</param>
    /// <param name="parameter">The target sensitivity or the fixed threshold, where the method needs one.</param>
    /// <returns>This builder.</returns>
    public ExperimentBuilder WithThreshold(ThresholdMethod method, double? parameter = null) =>
        Set(o => o with { ThresholdMethod = method, ThresholdParameter = parameter });

    /// <summary>Sets the heads' hyper-parameters.</summary>
    /// <param name="options">The options.</param>
    /// <returns>This builder.</returns>
    public ExperimentBuilder WithHeadOptions(HeadTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Set(o => o with { HeadOptions = options });
    }

    /// <summary>Keeps backbone features in an on-disk cache, so a rerun skips featurisation.</summary>
    /// <param name="cache">The cache.</param>
    /// <returns>This builder.</returns>
    public ExperimentBuilder WithFeatureCache(FeatureCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        EnsureOpen();
        _cache = cache;
        return this;
    }

    /// <summary>
    /// Gives the fine-tuned heads (<c>finetune</c>, <c>finetune-last</c>) their trainer, such as the TorchSharp one of
    /// the optional package <c>JointDislocation.ML.FineTuning</c>. Needed only when those heads are asked for.
    /// </summary>
    /// <param name="fineTuner">The fine-tuner.</param>
    /// <returns>This builder.</returns>
    public ExperimentBuilder WithFineTuner(IBackboneFineTuner fineTuner)
    {
        ArgumentNullException.ThrowIfNull(fineTuner);
        EnsureOpen();
        _fineTuner = fineTuner;
        return this;
    }

    /// <summary>Stops at the first undecodable file instead of skipping it.</summary>
    /// <param name="strict">Whether to stop.</param>
    /// <returns>This builder.</returns>
    public ExperimentBuilder Strict(bool strict = true) => Set(o => o with { Strict = strict });

    /// <summary>
    /// Replaces every option at once, except what <see cref="ForJoint"/> and <see cref="WithData"/> set: the joint
    /// and the data set's label names stay as those calls set them, in whichever order the calls come.
    /// </summary>
    /// <param name="options">The options.</param>
    /// <returns>This builder.</returns>
    public ExperimentBuilder WithOptions(ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Set(_ => options with
        {
            Joint = _joint ?? options.Joint,
            PositiveLabel = _labels?.Positive ?? options.PositiveLabel,
            NegativeLabel = _labels?.Negative ?? options.NegativeLabel,
        });
    }

    /// <summary>Validates the settings and creates the experiment; the builder is locked afterwards.</summary>
    /// <returns>The experiment, ready to run.</returns>
    /// <exception cref="ArgumentException">A setting is invalid; the message lists every problem.</exception>
    /// <exception cref="InvalidOperationException">No data was given, or the builder was already built.</exception>
    public Experiment Build()
    {
        EnsureOpen();
        if (_records is null)
        {
            throw new InvalidOperationException("No training data: call WithData or WithRecords before Build.");
        }

        _options.Validate();
        var backbone = _backbone ?? Backbone.ResNet18();
        var fineTuned = _options.Heads.Where(h => h.IsFineTuned()).Select(h => h.ToName()).ToList();
        if (fineTuned.Count > 0 && _fineTuner is null)
        {
            throw new InvalidOperationException(
                $"The head(s) {string.Join(", ", fineTuned)} fine-tune the backbone and need a fine-tuner: call WithFineTuner (the optional package JointDislocation.ML.FineTuning provides one).");
        }

        if (fineTuned.Count > 0 && backbone is not OnnxBackbone)
        {
            throw new InvalidOperationException(
                $"The head(s) {string.Join(", ", fineTuned)} fine-tune an ONNX backbone; backbone '{backbone.Name}' is not one.");
        }

        // The study's online crop (224 of 256) is for a 224 input; a backbone run at another square size gets it scaled.
        var options = ReferenceEquals(_options.OnlinePolicy, AugmentationPresets.StudyOnline)
            ? _options with { OnlinePolicy = AugmentationPresets.StudyOnlineFor(backbone.InputWidth, backbone.InputHeight) }
            : _options;
        _built = true;
        return new Experiment(options, _records, backbone, _cache, _seed, _fineTuner);
    }

    private ExperimentBuilder Set(Func<ExperimentOptions, ExperimentOptions> change)
    {
        EnsureOpen();
        _options = change(_options);
        return this;
    }

    private void EnsureOpen()
    {
        if (_built)
        {
            throw new InvalidOperationException("This builder has been built and is locked; create a new one.");
        }
    }
}
