using System.Diagnostics;
using System.Globalization;
using JointDislocation.ML.Backbones;
using JointDislocation.ML.Data;
using JointDislocation.ML.Evaluation;
using JointDislocation.ML.Phantoms;
using JointDislocation.ML.Reporting;
using JointDislocation.ML.Saliency;
using JointDislocation.ML.Statistics;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Reproduction;

/// <summary>
/// The study's whole protocol, per joint, on phantoms: an internet-style development set and a hospital-style
/// external set; an 80 / 20 stratified split of the development set; candidate heads × augmentation modes selected by
/// cross-validation on the internal training part only; the selected model on the internal test set and the
/// external set (AUROC with DeLong CI, unpaired DeLong test, operating threshold chosen internally and checked
/// externally); CAM hit rates; near-duplicate checks; then <c>results.json</c>, <c>report.md</c> and a
/// self-contained <c>report.html</c>.
/// </summary>
public sealed class StudyReproduction
{
    /// <summary>Name of the results file in the output folder.</summary>
    public const string ResultsFileName = "results.json";

    /// <summary>Name of the Markdown report in the output folder.</summary>
    public const string MarkdownFileName = "report.md";

    /// <summary>Name of the HTML report in the output folder.</summary>
    public const string HtmlFileName = "report.html";

    /// <summary>Folder, under the output folder, that holds the report's figures.</summary>
    public const string FigureFolderName = "figures";

    private readonly ReproductionOptions _options;
    private readonly IBackboneFineTuner? _fineTuner;

    /// <summary>Creates a run.</summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid (all problems in one message).</exception>
    public StudyReproduction(ReproductionOptions options)
        : this(options, null)
    {
    }

    /// <summary>Creates a run whose candidates may include the fine-tuned heads (<c>finetune</c>, <c>finetune-last</c>).</summary>
    /// <param name="options">The settings.</param>
    /// <param name="fineTuner">Trains the fine-tuned heads' backbones (the optional package's <c>TorchSharpFineTuner</c>); needed only when <see cref="ReproductionOptions.Heads"/> names one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid, or name a fine-tuned head without a fine-tuner (all problems in one message).</exception>
    public StudyReproduction(ReproductionOptions options, IBackboneFineTuner? fineTuner)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (fineTuner is null && options.Heads.Any(h => h.IsFineTuned()))
        {
            throw new ArgumentException(
                $"The heads {string.Join(", ", options.Heads.Where(h => h.IsFineTuned()).Select(h => h.ToName()))} fine-tune the backbone and need a fine-tuner (the optional package JointDislocation.ML.FineTuning provides one).",
                nameof(fineTuner));
        }

        _options = options;
        _fineTuner = fineTuner;
    }

    /// <summary>The settings.</summary>
    public ReproductionOptions Options => _options;

    /// <summary>Runs the protocol and writes the results and the reports.</summary>
    /// <param name="progress">Receives stage progress (phantoms, then per joint: training stages, evaluation, CAM).</param>
    /// <param name="cancellationToken">Stops the run between steps.</param>
    /// <returns>The per-joint outcomes and the paths written.</returns>
    /// <exception cref="InvalidInputException">Generated data could not be used (for example, too few images decoded).</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public async Task<ReproductionResult> RunAsync(IProgress<ReproductionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var root = Path.GetFullPath(_options.OutputDirectory);
        Directory.CreateDirectory(root);
        var backbones = new Dictionary<int, IImageBackbone>();
        IImageBackbone BackboneFor(Joint joint)
        {
            if (_options.Backbone is { } given)
            {
                return given;
            }

            var side = _options.InputSizeFor(joint);
            if (!backbones.TryGetValue(side, out var backbone))
            {
                backbones[side] = backbone = Backbone.ResNet18(inputSize: side);
            }

            return backbone;
        }

        var cache = new FeatureCache(Path.Combine(root, "cache"));

        var internet = await WritePhantomsAsync(root, PhantomStyle.Internet, _options.InternetPerClass, progress, cancellationToken).ConfigureAwait(false);
        var hospital = await WritePhantomsAsync(root, PhantomStyle.Hospital, _options.HospitalPerClass, progress, cancellationToken).ConfigureAwait(false);

        var joints = new List<JointReproduction>();
        foreach (var joint in _options.Joints)
        {
            joints.Add(await RunJointAsync(joint, internet.ForJoint(joint), hospital.ForJoint(joint), BackboneFor(joint), cache, progress, cancellationToken).ConfigureAwait(false));
        }

        var elapsed = clock.Elapsed.TotalSeconds;
        var resultsPath = Path.Combine(root, ResultsFileName);
        AtomicFile.WriteAllText(resultsPath, ReproductionJson.Write(_options.Seed, joints, elapsed, _options, root));

        progress?.Report(new ReproductionProgress("report", 0, 1));
        var document = ReproductionReport.Build(_options, joints, elapsed, BackboneFor(_options.Joints[0]));
        var figureFolder = Path.Combine(root, FigureFolderName);
        foreach (var figure in document.Figures)
        {
            AtomicFile.WriteAllBytes(Path.Combine(figureFolder, figure.FileName), figure.Png);
        }

        var markdownPath = Path.Combine(root, MarkdownFileName);
        var htmlPath = Path.Combine(root, HtmlFileName);
        AtomicFile.WriteAllText(markdownPath, MarkdownReportRenderer.Render(document, FigureFolderName));
        AtomicFile.WriteAllText(htmlPath, HtmlReportRenderer.Render(document));
        progress?.Report(new ReproductionProgress("report", 1, 1));
        return new ReproductionResult(_options, joints, elapsed, resultsPath, markdownPath, htmlPath, document.Figures.Count());
    }

    /// <summary>The seed of a named step of this run, derived from the one seed.</summary>
    internal static int StepSeed(int seed, string step) => SeedDerivation.Derive(seed, "reproduce/" + step);

    private async Task<RadiographDataset> WritePhantomsAsync(string root, PhantomStyle style, int perClass, IProgress<ReproductionProgress>? progress, CancellationToken cancellationToken)
    {
        var name = style == PhantomStyle.Internet ? "internet" : "hospital";
        var stage = $"phantoms ({name})";
        var written = await PhantomSetWriter.WriteAsync(
            new PhantomSetOptions
            {
                OutputDirectory = Path.Combine(root, "data", name),
                Joints = _options.Joints,
                PerClass = perClass,
                Style = style,
                Difficulty = _options.Difficulty,
                Seed = StepSeed(_options.Seed, $"phantoms/{name}"),
            },
            Forward<PhantomProgress>(progress, p => new(stage, p.Completed, p.Total)),
            cancellationToken).ConfigureAwait(false);
        return RadiographDataset.LoadManifest(written.ManifestPath);
    }

    private async Task<JointReproduction> RunJointAsync(
        Joint joint,
        RadiographDataset internet,
        RadiographDataset hospital,
        IImageBackbone backbone,
        FeatureCache cache,
        IProgress<ReproductionProgress>? progress,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var name = joint.ToName();
        var split = DatasetSplitter.TrainTest(internet.Records, _options.InternalTestFraction, StepSeed(_options.Seed, $"{name}/split"));
        var trainingSeed = StepSeed(_options.Seed, $"{name}/training");

        var training = await Train(joint, split.Train, backbone, cache, trainingSeed, _options.Experiment)
            .RunAsync(Forward<TrainingProgress>(progress, p => new($"{name}: {p.Stage}", p.Completed, p.Total)), cancellationToken).ConfigureAwait(false);

        var internalEvaluation = await ModelEvaluator.EvaluateAsync(training.Model, split.Test,
            progress: Forward<(int Completed, int Total)>(progress, p => new($"{name}: internal test", p.Completed, p.Total)),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        var externalEvaluation = await ModelEvaluator.EvaluateAsync(training.Model, hospital.Records,
            progress: Forward<(int Completed, int Total)>(progress, p => new($"{name}: external test", p.Completed, p.Total)),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        var comparison = RocStatistics.CompareUnpaired(internalEvaluation.Report, externalEvaluation.Report);

        var (cam, gallery) = await CamAsync(joint, training, split.Train, externalEvaluation, backbone, cache, trainingSeed, progress, cancellationToken).ConfigureAwait(false);

        // One search at the wider of the two distances; the tighter view is what the report counts as copies.
        var finder = new DuplicateFinder(new DuplicateFinderOptions { MaxDistance = Math.Max(_options.DuplicateMaxDistance, DuplicateFinderOptions.DefaultMaxDistance) });
        var trainingPaths = split.Train.Select(r => r.Path).ToList();
        var internalDuplicates = await finder.FindAsync(split.Test.Select(r => r.Path), trainingPaths, cancellationToken: cancellationToken).ConfigureAwait(false);
        var externalDuplicates = await finder.FindAsync(hospital.Records.Select(r => r.Path), trainingPaths, cancellationToken: cancellationToken).ConfigureAwait(false);

        return new JointReproduction(joint, training, internalEvaluation, externalEvaluation, comparison, cam,
            Within(internalDuplicates, _options.DuplicateMaxDistance), Within(externalDuplicates, _options.DuplicateMaxDistance),
            StudyAuroc.For(joint), gallery, clock.Elapsed.TotalSeconds)
        {
            InputSize = backbone.InputWidth,
            InternalLookalikes = Within(internalDuplicates, DuplicateFinderOptions.DefaultMaxDistance).LeakedTestImages.Count,
            ExternalLookalikes = Within(externalDuplicates, DuplicateFinderOptions.DefaultMaxDistance).LeakedTestImages.Count,
            InternalSamePatient = PatientOverlap.Count(split.Train, split.Test, sameDataset: true),
            ExternalSamePatient = PatientOverlap.Count(split.Train, hospital.Records, sameDataset: false),
        };
    }

    private static DuplicateReport Within(DuplicateReport report, int maxDistance) =>
        report with { Matches = report.Matches.Where(m => m.Distance <= maxDistance).ToList() };

    private Experiment Train(Joint joint, IReadOnlyList<RadiographRecord> records, IImageBackbone backbone, FeatureCache cache, int seed, ExperimentOptions options)
    {
        var builder = new DislocationContext(seed).Training()
            .WithOptions(options)
            .ForJoint(joint)
            .WithRecords(records)
            .WithBackbone(backbone)
            .WithFeatureCache(cache)
            .Strict();
        if (_fineTuner is not null && options.Heads.Any(h => h.IsFineTuned()))
        {
            builder.WithFineTuner(_fineTuner);
        }

        return builder.Build();
    }

    private async Task<(CamCheck Check, byte[]? Gallery)> CamAsync(
        Joint joint,
        ExperimentResult training,
        IReadOnlyList<RadiographRecord> trainingRecords,
        ModelEvaluation external,
        IImageBackbone backbone,
        FeatureCache cache,
        int trainingSeed,
        IProgress<ReproductionProgress>? progress,
        CancellationToken cancellationToken)
    {
        var name = joint.ToName();
        var model = training.Model;
        var candidate = training.Selected;
        IReadOnlyList<ScoredImage> scored = external.Images;
        if (!candidate.Head.IsLinear())
        {
            // CAM needs a linear head. Rather than report nothing, explain the best linear candidate (same
            // cross-validation, same seed; its features come from the cache) and say so in the report.
            candidate = training.Candidates.Where(c => c.Head.IsLinear())
                .OrderByDescending(c => double.IsNaN(c.CvAuroc) ? double.NegativeInfinity : c.CvAuroc)
                .ThenBy(c => training.Candidates.ToList().IndexOf(c))
                .FirstOrDefault() ?? candidate;
            if (candidate.Head.IsLinear())
            {
                var refit = await Train(joint, trainingRecords, backbone, cache, trainingSeed, _options.Experiment with { Heads = [candidate.Head], AugmentationModes = [candidate.Augmentation] })
                    .RunAsync(Forward<TrainingProgress>(progress, p => new($"{name}: CAM model {p.Stage}", p.Completed, p.Total)), cancellationToken).ConfigureAwait(false);
                model = refit.Model;
                (scored, _) = await ModelEvaluator.ScoreAsync(model, external.Images.Select(i => i.Record).ToList(), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }

        if (!candidate.Head.IsLinear())
        {
            return (new CamCheck(candidate.Name, true, SaliencyScores.Summarize([])), null);
        }

        var hits = scored.Where(s => s.Record.IsPositive && s.Prediction.IsPositive).Select(s => s.Record).ToList();
        var explained = await ModelExplainer.ExplainAsync(model, hits, SaliencyMethod.Cam, strict: true,
            progress: Forward<(int Completed, int Total)>(progress, p => new($"{name}: CAM", p.Completed, p.Total)),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        var check = new CamCheck(candidate.Name, ReferenceEquals(model, training.Model), explained.Summary);
        return (check, Gallery(model, candidate.Name, scored));
    }

    private byte[]? Gallery(DislocationModel model, string modelName, IReadOnlyList<ScoredImage> scored)
    {
        if (_options.GalleryPerGroup == 0)
        {
            return null;
        }

        // Dislocated right, dislocated wrong, located right, located wrong: the first few of each, in set order.
        var groups = new (bool Dislocated, bool Right)[] { (true, true), (true, false), (false, true), (false, false) };
        var panels = new List<SaliencyPanel>();
        foreach (var (dislocated, right) in groups)
        {
            foreach (var image in scored.Where(s => s.Record.IsPositive == dislocated && (s.Prediction.IsPositive == s.Record.IsPositive) == right).Take(_options.GalleryPerGroup))
            {
                var gray = RadiographDecoder.Decode(image.Record.Path);
                var explanation = ModelExplainer.ClassActivationMap(model, gray);
                var title = $"{image.Record.Label}, called {(right ? "right" : "wrong")}";
                panels.Add(new SaliencyPanel(gray, explanation.Map, title, image.Record.Label, image.Prediction.Probability, image.Record.RegionOfInterest, image.Record.Artifacts));
            }
        }

        return panels.Count == 0 ? null : new SaliencyOverlay(new SaliencyOverlayOptions { TileSize = 200 }).RenderContactSheetPng(panels, columns: 4);
    }

    private static ForwardProgress<T>? Forward<T>(IProgress<ReproductionProgress>? progress, Func<T, ReproductionProgress> map) =>
        progress is null ? null : new ForwardProgress<T>(value => progress.Report(map(value)));

    /// <summary>Reports on the caller's thread; <see cref="Progress{T}"/> would post to a synchronisation context
    /// and reorder updates.</summary>
    private sealed class ForwardProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
