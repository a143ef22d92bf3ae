using System.Globalization;
using JointDislocation.ML.Augmentation;
using JointDislocation.ML.Backbones;
using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;
using JointDislocation.ML.Statistics;

namespace JointDislocation.ML.Training;

/// <summary>
/// A per-joint training run, as the study did it and more: every candidate (head × augmentation mode) is scored by
/// stratified k-fold cross-validated AUROC with its DeLong interval, the best is chosen (ties go to the simpler), its
/// operating threshold is chosen on out-of-fold scores, and it is refitted on all training images. Built by
/// <see cref="ExperimentBuilder"/>.
/// </summary>
public sealed class Experiment
{
    private readonly ExperimentOptions _options;
    private readonly IReadOnlyList<RadiographRecord> _records;
    private readonly IImageBackbone _backbone;
    private readonly FeatureCache? _cache;
    private readonly int _seed;
    private readonly IBackboneFineTuner? _fineTuner;

    internal Experiment(ExperimentOptions options, IReadOnlyList<RadiographRecord> records, IImageBackbone backbone, FeatureCache? cache, int seed, IBackboneFineTuner? fineTuner = null)
    {
        _options = options;
        _records = records;
        _backbone = backbone;
        _cache = cache;
        _seed = seed;
        _fineTuner = fineTuner;
    }

    private int Threads => _options.MaxDegreeOfParallelism ?? Environment.ProcessorCount;

    /// <summary>The settings of this run.</summary>
    public ExperimentOptions Options => _options;

    /// <summary>Runs the experiment.</summary>
    /// <param name="progress">Stage and progress.</param>
    /// <param name="cancellationToken">Stops the run; nothing is written by the run itself.</param>
    /// <returns>The candidates, the selection, the threshold and the refitted model.</returns>
    /// <exception cref="InvalidInputException">A file cannot be decoded in strict mode, or too few usable images remain.</exception>
    public async Task<ExperimentResult> RunAsync(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        // Decode: the usable images, and the files skipped.
        var (records, images, skipped) = Decode(progress, cancellationToken);
        CheckCounts(records, skipped);
        var labels = records.Select(r => r.IsPositive).ToArray();

        var folds = DatasetSplitter.KFold(records, _options.Folds, SeedDerivation.Derive(_seed, "cross-validation"));
        var frozenHeads = _options.Heads.Where(h => !h.IsFineTuned()).ToList();
        Dictionary<AugmentationMode, IReadOnlyList<AugmentationPlanEntry>>? plans = null;
        FeatureTable? features = null;
        var frozen = new List<CandidateResult>();
        if (frozenHeads.Count > 0)
        {
            (plans, features) = await FeaturizeAsync(images, progress, cancellationToken).ConfigureAwait(false);
            frozen = CrossValidate(frozenHeads, folds, plans, features, labels, progress, cancellationToken);
        }

        var tuned = new List<CandidateResult>();
        foreach (var head in _options.Heads.Where(h => h.IsFineTuned()))
        {
            tuned.Add(await CrossValidateFineTunedAsync(head, folds, images, labels, progress, cancellationToken).ConfigureAwait(false));
        }

        // Candidates in the order the heads were given (then modes), which breaks ties in selection.
        var results = _options.Heads.SelectMany(h => h.IsFineTuned() ? tuned.Where(c => c.Head == h) : frozen.Where(c => c.Head == h)).ToList();
        var selected = Select(results);
        var threshold = ChooseThreshold(selected, labels);

        cancellationToken.ThrowIfCancellationRequested();
        progress?.Report(new TrainingProgress("refit", 0, 1));
        DislocationModel model;
        if (selected.Head.IsFineTuned())
        {
            model = await RefitFineTunedAsync(selected, threshold, folds.Count, records, images, labels, progress, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var head = Fit(selected.Head, selected.Augmentation, plans![selected.Augmentation], features!, labels, SeedDerivation.Derive(_seed, "fit/final"));
            model = new DislocationModel(Manifest(selected, threshold, folds.Count, head, records, images, BackboneDescriptor.From(_backbone), null), head, _backbone);
        }

        progress?.Report(new TrainingProgress("refit", 1, 1));
        return new ExperimentResult(_options.Joint, records, results, selected, threshold, model, skipped)
        {
            ImagesWithKnownPatient = PatientOverlap.Known(records, sameDataset: true),
            HeldOutWithPatientInTraining = folds.Sum(f => PatientOverlap.Count(f.Train, f.Test, sameDataset: true)),
        };
    }

    /// <summary>
    /// Cross-validates a fine-tuned head: per fold, the backbone is fine-tuned on that fold's training part only, a
    /// logistic regression is fitted on the fine-tuned network's pooled features of that part, and the held-out
    /// images are scored through the same network. Folds run one after another (the fine-tuner uses every core).
    /// </summary>
    private async Task<CandidateResult> CrossValidateFineTunedAsync(
        HeadKind head, IReadOnlyList<CrossValidationFold> folds, List<GrayImage> images, bool[] labels, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var outOfFold = new double[labels.Length];
        var work = Directory.CreateTempSubdirectory("jdml-finetune-");
        try
        {
            foreach (var fold in folds)
            {
                var stage = $"fine-tune {head.ToName()} fold {fold.Fold + 1}/{folds.Count}";
                var train = fold.TrainIndices;
                var file = await FineTuneAsync(head, [.. train.Select(i => images[i])], [.. train.Select(i => labels[i])],
                    Path.Combine(work.FullName, $"fold-{fold.Fold}.onnx"), SeedDerivation.Derive(_seed, $"finetune/{head.ToName()}/{fold.Fold}"), stage, progress, cancellationToken).ConfigureAwait(false);
                var network = TunedBackbone(file.Path);
                var trainFeatures = await PooledAsync(network, [.. train.Select(i => images[i])], cancellationToken).ConfigureAwait(false);
                var fitted = HeadTrainer.Train(head, trainFeatures, [.. train.Select(i => labels[i])], SeedDerivation.Derive(_seed, $"fit/{head.ToName()}/{fold.Fold}"), _options.HeadOptions);
                var scores = fitted.Score(await PooledAsync(network, [.. fold.TestIndices.Select(i => images[i])], cancellationToken).ConfigureAwait(false));
                for (var j = 0; j < fold.TestIndices.Count; j++)
                {
                    outOfFold[fold.TestIndices[j]] = scores[j].Probability;
                }
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }

        var report = RocStatistics.Evaluate(labels, outOfFold, _options.Level, cancellationToken: cancellationToken);
        return new CandidateResult(head.ToName(), head, AugmentationMode.None, report.Auroc, report.DeLong.Interval.Lower, report.DeLong.Interval.Upper)
        {
            OutOfFoldScores = outOfFold,
        };
    }

    /// <summary>The selected fine-tuned head refitted: the backbone fine-tuned on all training images, its file kept in the content-addressed store, the head fitted on its features.</summary>
    private async Task<DislocationModel> RefitFineTunedAsync(
        CandidateResult selected, OperatingPoint threshold, int folds, List<RadiographRecord> records, List<GrayImage> images, bool[] labels, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("jdml-finetune-");
        string stored;
        string sha;
        bool augmented;
        try
        {
            var file = await FineTuneAsync(selected.Head, images, labels, Path.Combine(work.FullName, "final.onnx"), SeedDerivation.Derive(_seed, $"finetune/{selected.Head.ToName()}/final"),
                $"fine-tune {selected.Head.ToName()} on all images", progress, cancellationToken).ConfigureAwait(false);
            sha = file.Sha256;
            augmented = file.Augmented;
            stored = FineTunedBackboneStore.Put(File.ReadAllBytes(file.Path), sha, file.Path);
        }
        finally
        {
            work.Delete(recursive: true);
        }

        var network = TunedBackbone(stored);
        var head = HeadTrainer.Train(selected.Head, await PooledAsync(network, images, cancellationToken).ConfigureAwait(false), labels, SeedDerivation.Derive(_seed, "fit/final"), _options.HeadOptions);
        var source = (OnnxBackbone)_backbone;
        var descriptor = new BackboneDescriptor(network.Name, network.Sha256, network.FeatureDimension, network.Options.ResizePolicy,
            InputName: network.Options.InputName, PooledOutputName: network.Options.PooledOutputName, MapOutputName: network.Options.MapOutputName,
            InputWidth: network.Options.InputWidth, InputHeight: network.Options.InputHeight);
        var record = new FineTunedBackboneRecord(DislocationModel.FineTunedBackboneEntry, sha, source.Name, source.Sha256, selected.Head.FineTuneScopeOf(), _options.FineTuneEpochs, augmented);
        return new DislocationModel(Manifest(selected, threshold, folds, head, records, images, descriptor, record), head, network);
    }

    private async Task<FineTunedBackboneFile> FineTuneAsync(
        HeadKind head, IReadOnlyList<GrayImage> images, IReadOnlyList<bool> labels, string output, int seed, string stage, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var request = new BackboneFineTuneRequest((OnnxBackbone)_backbone, images, labels, output, head.FineTuneScopeOf(), _options.FineTuneEpochs, seed)
        {
            Augment = _options.FineTuneAugment,
        };
        var file = await _fineTuner!.FineTuneAsync(request, progress is null ? null : new StageProgress(stage, progress), cancellationToken).ConfigureAwait(false);
        var written = OnnxSessionCache.FileSha256(Path.GetFullPath(file.Path));
        if (!string.Equals(written, file.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"The fine-tuner reported SHA-256 {file.Sha256} for {file.Path}, but the file has {written}.");
        }

        return file with { Sha256 = written };
    }

    /// <summary>The fine-tuned network on ONNX Runtime, with the source backbone's preprocessing, resize policy and tensor names.</summary>
    private OnnxBackbone TunedBackbone(string path)
    {
        var source = (OnnxBackbone)_backbone;
        return Backbones.Backbone.FromOnnx(source.Options with { ModelPath = path, Name = FineTunedBackboneStore.NameFor(source.Name) });
    }

    private static async Task<List<float[]>> PooledAsync(OnnxBackbone network, IReadOnlyList<GrayImage> images, CancellationToken cancellationToken) =>
        [.. (await network.FeaturizeAsync(images, null, cancellationToken).ConfigureAwait(false)).Select(o => o.PooledToArray())];

    /// <summary>Relabels a fine-tuner's progress with the fold it belongs to.</summary>
    private sealed class StageProgress(string stage, IProgress<TrainingProgress> inner) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => inner.Report(value with { Stage = stage });
    }

    /// <summary>Plans every mode's draws and computes the features of the originals and of every draw.</summary>
    private async Task<(Dictionary<AugmentationMode, IReadOnlyList<AugmentationPlanEntry>> Plans, FeatureTable Features)> FeaturizeAsync(
        List<GrayImage> images, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var keys = UniqueKeys(images);
        var plans = _options.AugmentationModes.ToDictionary(m => m, m => AugmentationPlanner.Plan(PolicyFor(m), m, keys));
        // Held-out folds are always scored on the original images, whatever the modes draw for training.
        var originals = AugmentationPlanner.Plan(null, AugmentationMode.None, keys);
        var features = await FeatureTable.BuildAsync(images, originals.Concat(plans.Values.SelectMany(p => p)), _backbone, _cache, _options.Decoding, progress, cancellationToken).ConfigureAwait(false);
        return (plans, features);
    }

    /// <summary>Scores every candidate (head × mode) on every held-out fold; one fit per candidate and fold, in parallel.</summary>
    private List<CandidateResult> CrossValidate(
        IReadOnlyList<HeadKind> heads,
        IReadOnlyList<CrossValidationFold> folds,
        Dictionary<AugmentationMode, IReadOnlyList<AugmentationPlanEntry>> plans,
        FeatureTable features,
        bool[] labels,
        IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken)
    {
        var candidates = heads.SelectMany(h => _options.AugmentationModes.Select(m => (Head: h, Mode: m))).ToList();
        var outOfFold = candidates.Select(_ => new double[labels.Length]).ToArray();
        var done = 0;
        var total = candidates.Count * folds.Count;
        progress?.Report(new TrainingProgress("cross-validate", 0, total));
        Parallel.For(0, total, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Threads }, task =>
        {
            var (head, mode) = candidates[task / folds.Count];
            var fold = folds[task % folds.Count];
            var inTraining = fold.TrainIndices.ToHashSet();
            var fitted = Fit(head, mode, plans[mode].Where(e => inTraining.Contains(e.ImageIndex)).ToList(), features, labels,
                SeedDerivation.Derive(_seed, $"fit/{head.ToName()}/{mode}/{fold.Fold}"));
            var scores = fitted.Score(fold.TestIndices.Select(i => features.Get(i, AugmentationDraw.Identity)).ToList());
            for (var j = 0; j < fold.TestIndices.Count; j++)
            {
                outOfFold[task / folds.Count][fold.TestIndices[j]] = scores[j].Probability;
            }

            progress?.Report(new TrainingProgress("cross-validate", Interlocked.Increment(ref done), total));
        });

        return candidates.Select((c, i) =>
        {
            var report = RocStatistics.Evaluate(labels, outOfFold[i], _options.Level);
            return new CandidateResult($"{c.Head.ToName()}+{c.Mode}", c.Head, c.Mode, report.Auroc, report.DeLong.Interval.Lower, report.DeLong.Interval.Upper)
            {
                OutOfFoldScores = outOfFold[i],
            };
        }).ToList();
    }

    /// <summary>Best cross-validated AUROC; among equals the earlier candidate, which is the simpler head (then mode).</summary>
    private static CandidateResult Select(List<CandidateResult> results) =>
        results.OrderByDescending(r => double.IsNaN(r.CvAuroc) ? double.NegativeInfinity : r.CvAuroc).ThenBy(results.IndexOf).First();

    /// <summary>The operating threshold, chosen on the selected candidate's out-of-fold scores.</summary>
    private OperatingPoint ChooseThreshold(CandidateResult selected, bool[] labels) =>
        ThresholdSelector.Select(RocCurve.Compute(labels, selected.OutOfFoldScores.ToArray()), _options.ThresholdMethod, _options.ThresholdParameter);

    /// <summary>The bundle's manifest for the refitted head (its checksum is set when the bundle is saved).</summary>
    private ModelManifest Manifest(
        CandidateResult selected, OperatingPoint threshold, int folds, TrainedHead head, List<RadiographRecord> records, List<GrayImage> images, BackboneDescriptor backbone, FineTunedBackboneRecord? fineTuned) => new()
    {
        Joint = _options.Joint,
        PositiveLabel = _options.PositiveLabel,
        NegativeLabel = _options.NegativeLabel,
        Backbone = backbone,
        FineTunedBackbone = fineTuned,
        Head = selected.Head,
        Augmentation = selected.Augmentation.ToString(),
        ThresholdMethod = threshold.Method,
        Threshold = threshold.Threshold,
        Folds = folds,
        CvAuroc = selected.CvAuroc,
        CvLower = selected.CvLower,
        CvUpper = selected.CvUpper,
        Seed = _seed,
        FeatureMean = head.Standardizer.Mean,
        FeatureScale = head.Standardizer.Scale,
        LinearWeights = head.Linear?.Weights,
        LinearBias = head.Linear?.Bias,
        HeadSha256 = string.Empty,
        TrainingImages = _options.KeepTrainingFingerprints ? Fingerprints(records, images) : [],
        TrainingFingerprintsOmitted = !_options.KeepTrainingFingerprints,
    };

    private TrainedHead Fit(HeadKind head, AugmentationMode mode, IReadOnlyList<AugmentationPlanEntry> entries, FeatureTable features, bool[] labels, int seed)
    {
        if (mode.Kind == AugmentationModeKind.Online)
        {
            var epochs = entries.GroupBy(e => e.Epoch).OrderBy(g => g.Key)
                .Select(g => ((IReadOnlyList<float[]>)g.Select(e => features.Get(e.ImageIndex, e.Draw)).ToList(), (IReadOnlyList<bool>)g.Select(e => labels[e.ImageIndex]).ToList()))
                .ToList();
            return HeadTrainer.TrainOnline(head, epochs, seed, _options.HeadOptions);
        }

        return HeadTrainer.Train(head, entries.Select(e => features.Get(e.ImageIndex, e.Draw)).ToList(), entries.Select(e => labels[e.ImageIndex]).ToList(), seed, _options.HeadOptions);
    }

    private AugmentationPolicy? PolicyFor(AugmentationMode mode) => mode.Kind switch
    {
        AugmentationModeKind.Static => _options.StaticPolicy.WithSeed(SeedDerivation.Derive(_seed, "augmentation/static")),
        AugmentationModeKind.Online => _options.OnlinePolicy.WithSeed(SeedDerivation.Derive(_seed, "augmentation/online")),
        _ => null,
    };

    private (List<RadiographRecord> Records, List<GrayImage> Images, List<SkippedFile> Skipped) Decode(IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var decoded = new GrayImage?[_records.Count];
        var reasons = new string?[_records.Count];
        var done = 0;
        progress?.Report(new TrainingProgress("decode", 0, _records.Count));
        Parallel.For(0, _records.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Threads }, i =>
        {
            if (RadiographDecoder.TryDecode(_records[i].Path, _options.Decoding, out var image, out var reason))
            {
                decoded[i] = image;
            }
            else
            {
                reasons[i] = reason;
            }

            progress?.Report(new TrainingProgress("decode", Interlocked.Increment(ref done), _records.Count));
        });

        var records = new List<RadiographRecord>();
        var images = new List<GrayImage>();
        var skipped = new List<SkippedFile>();
        for (var i = 0; i < _records.Count; i++)
        {
            if (decoded[i] is { } image)
            {
                records.Add(_records[i]);
                images.Add(image);
            }
            else if (_options.Strict)
            {
                throw new InvalidInputException(_records[i].Path, null, reasons[i]!);
            }
            else
            {
                skipped.Add(new SkippedFile(_records[i].Path, reasons[i]!));
            }
        }

        return (records, images, skipped);
    }

    private void CheckCounts(List<RadiographRecord> records, List<SkippedFile> skipped)
    {
        // Folds are grouped by patient; an anonymiser that gave every file one Patient ID makes them all one patient.
        var groups = records.Select(r => r.PatientKey ?? "p:" + r.Path).Distinct(StringComparer.Ordinal).Count();
        if (groups < _options.Folds && records.Count >= _options.Folds)
        {
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                $"{_options.Folds}-fold cross-validation needs images of at least {_options.Folds} patients; the {records.Count} usable images belong to {groups} (by the manifest's patient column, else the DICOM Patient ID or Study Instance UID). If an anonymiser gave every file the same Patient ID, give a manifest with a patient column instead."));
        }

        var positives = records.Count(r => r.IsPositive);
        var negatives = records.Count - positives;
        if (positives < _options.Folds || negatives < _options.Folds)
        {
            throw new InvalidInputException(
                $"{_options.Folds}-fold cross-validation needs at least {_options.Folds} usable images of each class; there are {positives} '{_options.PositiveLabel}' and {negatives} '{_options.NegativeLabel}'{(skipped.Count > 0 ? $" ({SkippedFile.Summarize(skipped)})" : "")}.");
        }
    }

    private static List<string> UniqueKeys(List<GrayImage> images)
    {
        // The pixel hash keys each image's augmentation draws, so the same picture gets the same draws (and cache
        // entries) wherever it lives; repeats of one picture are told apart by their position among the repeats.
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        return images.Select(image =>
        {
            var hash = FeatureCacheKey.HashImage(image);
            var count = seen[hash] = seen.GetValueOrDefault(hash) + 1;
            return count == 1 ? hash : string.Create(CultureInfo.InvariantCulture, $"{hash}#{count}");
        }).ToList();
    }

    private static List<TrainingImageFingerprint> Fingerprints(List<RadiographRecord> records, List<GrayImage> images)
    {
        var result = new TrainingImageFingerprint[records.Count];
        Parallel.For(0, records.Count, i =>
            result[i] = TrainingImageFingerprint.From(ImageFingerprint.Compute(File.ReadAllBytes(records[i].Path), images[i])));
        return [.. result];
    }
}
