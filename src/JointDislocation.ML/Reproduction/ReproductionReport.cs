using System.Globalization;
using JointDislocation.ML.Augmentation;
using JointDislocation.ML.Backbones;
using JointDislocation.ML.Evaluation;
using JointDislocation.ML.Reporting;
using JointDislocation.ML.Saliency;
using JointDislocation.ML.Statistics;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Reproduction;

/// <summary>Builds the report of a reproduction run: results beside the study's numbers, ROC curves, CAM
/// galleries, leakage checks, a methods paragraph written from the settings used and what synthetic data means.</summary>
public static class ReproductionReport
{
    /// <summary>The report's title.</summary>
    public const string Title = "Joint dislocation study protocol, reproduced on phantoms";

    /// <summary>Builds the report document.</summary>
    /// <param name="options">The settings the run used.</param>
    /// <param name="joints">The per-joint outcomes.</param>
    /// <param name="elapsedSeconds">Wall-clock seconds of the run.</param>
    /// <param name="backbone">The backbone the run used.</param>
    /// <returns>The document; figures carry their PNG bytes and file names (<c>roc-&lt;joint&gt;.png</c>,
    /// <c>cam-&lt;joint&gt;.png</c>).</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static ReportDocument Build(ReproductionOptions options, IReadOnlyList<JointReproduction> joints, double elapsedSeconds, IImageBackbone backbone)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(joints);
        ArgumentNullException.ThrowIfNull(backbone);
        var document = new ReportDocument(Title);
        document.Note(SyntheticStatement);
        document.Paragraph(Invariant($"Seed {options.Seed}; {(options.Quick ? "quick grid (a first look, not the full protocol)" : "full grid")}; joints {string.Join(", ", joints.Select(j => j.Joint.ToName()))}; {elapsedSeconds:0} s wall-clock."));

        document.Heading("Results");
        document.Table(
            ["Joint", "Selected model", "Internal AUROC (95% CI)", "Study internal", "External AUROC (95% CI)", "Study external", "p, internal vs external", "Threshold", "External sensitivity", "External specificity", "CAM hit rate"],
            joints.Select(j => (IReadOnlyList<string>)
            [
                j.Joint.ToName(),
                j.Selected,
                Auroc(j.Internal.Report),
                F3(j.Paper.Internal),
                Auroc(j.External.Report),
                F3(j.Paper.External),
                P(j.InternalVsExternal.PValue),
                F3(j.Training.Threshold.Threshold),
                Share(j.External.AtThreshold.Sensitivity),
                Share(j.External.AtThreshold.Specificity),
                CamHitRate(j.Cam.Summary),
            ]).ToList(),
            "AUROC with DeLong 95% CI (ours) next to the study's AUROC (no CI reported). p: unpaired DeLong test of internal vs external AUROC. "
            + "Threshold: chosen by Youden's index on out-of-fold scores of the internal training part; external sensitivity and specificity at that threshold with Wilson 95% CI. "
            + "CAM hit rate: share of correctly classified external dislocations whose map peak lies in the joint's region of interest, with Wilson 95% CI and the number of images.");

        document.Heading("Leakage check");
        document.Table(
            ["Joint", "Training images", "Internal test images", "Copies", "Default finder", "Same patient", "External images", "Copies", "Default finder", "Same patient"],
            joints.Select(j => (IReadOnlyList<string>)
            [
                j.Joint.ToName(),
                Int(j.Training.Records.Count),
                Int(j.InternalDuplicates.TestImagesChecked),
                Int(j.InternalDuplicates.LeakedTestImages.Count),
                Int(j.InternalLookalikes),
                Int(j.InternalSamePatient),
                Int(j.ExternalDuplicates.TestImagesChecked),
                Int(j.ExternalDuplicates.LeakedTestImages.Count),
                Int(j.ExternalLookalikes),
                Int(j.ExternalSamePatient),
            ]).ToList(),
            Invariant($"Copies: test images byte-identical to a training image, or within {options.DuplicateMaxDistance} bits (of 64) of one's perceptual hash with matching thumbnails. ")
            + "Default finder: what the duplicate finder flags with its defaults (hash within 8 bits and 16×16 thumbnails correlating at 0.98 or more); matches are listed in results.json. "
            + "Same patient: test images whose patient also has a training image (internally by the manifest's patient column or the DICOM Patient ID, externally by the DICOM Patient ID or Study Instance UID; a count, no identifiers).");
        var matches = joints.SelectMany(j => j.InternalDuplicates.Matches.Concat(j.ExternalDuplicates.Matches)).ToList();
        document.Paragraph(matches.Count == 0
            ? "No test image is a copy of a training image."
            : "Flagged pairs (test ← training, distance): " + string.Join("; ", matches.Take(20).Select(m => Invariant($"{Path.GetFileName(m.TestPath)} ← {Path.GetFileName(m.TrainingPath)} ({m.Distance})")))
              + (matches.Count > 20 ? Invariant($"; and {matches.Count - 20} more (results.json lists them all).") : "."));

        foreach (var joint in joints)
        {
            AppendJoint(document, joint);
        }

        document.Heading("Methods");
        document.Paragraph(Methods(options, joints, backbone));
        document.Heading("What synthetic images mean for these numbers");
        document.Paragraph(SyntheticMeaning);
        return document;
    }

    private const string SyntheticStatement =
        "Every image in this report is synthetic: a phantom drawn by JointDislocation.ML's generator, not a radiograph of a patient. "
        + "The numbers show that the protocol runs end to end and how it behaves on these phantoms; they are not evidence about real radiographs "
        + "and must not be compared with the study's numbers as if they were.";

    private const string SyntheticMeaning =
        "The phantoms model the anatomy and the radiographic signs of each dislocation, and the two styles (internet teaching-file look versus "
        + "full-field hospital exposure with markers and text) model the study's domain shift. How hard the task is follows from the generator's "
        + "settings (difficulty, noise, style gap), not from the variety of real patients, implants, projections and pathology. "
        + "High AUROCs here mean the generator's signs are learnable from frozen ImageNet features; a gap between internal and external AUROC measures "
        + "the generator's style gap. Neither says how a model trained this way would do on real images. The table's study columns are there to show "
        + "the shape of the protocol, not as a benchmark that phantoms could pass or fail.";

    private static void AppendJoint(ReportDocument document, JointReproduction joint)
    {
        var name = joint.Joint.ToName();
        document.Heading(Invariant($"{name}: {joint.Selected}"));
        document.Table(
            ["Candidate", "CV AUROC (95% CI)", "Selected"],
            joint.Training.Candidates.Select(c => (IReadOnlyList<string>)
            [
                c.Name,
                Invariant($"{F3(c.CvAuroc)} ({F3(c.CvLower)}–{F3(c.CvUpper)})"),
                c.Name == joint.Selected ? "yes" : "",
            ]).ToList(),
            Invariant($"Cross-validated AUROC on the internal training part ({joint.Training.Records.Count} images) with DeLong 95% CI; the best is selected (ties: the earlier row)."));

        var threshold = joint.Training.Threshold.Threshold;
        var png = RocPlot.RenderPng(Invariant($"{name}: {joint.Selected}"),
        [
            Series("internal test", joint.Internal),
            Series("external", joint.External),
        ]);
        document.Figure(new ReportFigure(Invariant($"roc-{name}.png"),
            Invariant($"ROC curves of the selected model for {name}: internal test (n = {joint.Internal.Report.Count}) and external (n = {joint.External.Report.Count}); dots: the internally chosen threshold {F3(threshold)}."),
            png));

        if (joint.CamGalleryPng is { } gallery)
        {
            var model = joint.Cam.IsSelectedModel
                ? Invariant($"the selected model ({joint.Cam.Model})")
                : Invariant($"{joint.Cam.Model}, the best linear candidate (the selected head {joint.Selected} has no class activation map)");
            document.Figure(new ReportFigure(Invariant($"cam-{name}.png"),
                Invariant($"Class activation maps of {model} on external images, in order: dislocated called right, dislocated called wrong, located called right, located called wrong (up to a few each; a group with no image is absent). Green box: the joint's region of interest; magenta: burned-in artefacts."),
                gallery));
        }
        else
        {
            document.Paragraph(Invariant($"No CAM gallery for {name}: no linear candidate was trained, and class activation maps need a linear head."));
        }
    }

    private static RocPlotSeries Series(string label, ModelEvaluation evaluation) => new(
        Invariant($"{label}: {F3(evaluation.Report.Auroc)} ({F3(evaluation.Report.DeLong.Interval.Lower)}–{F3(evaluation.Report.DeLong.Interval.Upper)})"),
        evaluation.Curve.Points.Select(p => p.FalsePositiveRate).ToList(),
        evaluation.Curve.Points.Select(p => p.TruePositiveRate).ToList(),
        (1 - evaluation.AtThreshold.Specificity.Estimate, evaluation.AtThreshold.Sensitivity.Estimate));

    /// <summary>", at 224 × 224 pixels (hip and THA: 448 × 448)": the most common input size and the joints that differ.</summary>
    private static string InputSizes(IReadOnlyList<JointReproduction> joints)
    {
        if (joints.Count == 0 || joints.All(j => j.InputSize == 0))
        {
            return string.Empty;
        }

        var common = joints.GroupBy(j => j.InputSize).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        var others = joints.Where(j => j.InputSize != common).GroupBy(j => j.InputSize)
            .Select(g => Invariant($"{string.Join(" and ", g.Select(j => j.Joint == Joint.Tha ? "THA" : j.Joint.ToName()))}: {g.Key} × {g.Key}"));
        var exceptions = string.Join("; ", others);
        return Invariant($" at {common} × {common} pixels") + (exceptions.Length > 0 ? $" ({exceptions}, where whole-pelvis films need the pixels)" : string.Empty);
    }

    private static string Methods(ReproductionOptions options, IReadOnlyList<JointReproduction> joints, IImageBackbone backbone)
    {
        var heads = string.Join(", ", options.Heads.Select(h => h.ToName()));
        var modes = string.Join(", ", options.AugmentationModes.Select(Describe));
        var trainingCount = joints.Count > 0 ? joints[0].Training.Records.Count : 0;
        var testCount = joints.Count > 0 ? joints[0].Internal.Report.Count : 0;
        var resize = backbone is OnnxBackbone onnx ? Invariant($", images fitted to the input by {onnx.Options.ResizePolicy}") : string.Empty;
        var text = new System.Text.StringBuilder();
        text.Append(Invariant($"For each joint, {options.InternetPerClass} dislocated and {options.InternetPerClass} located internet-style phantoms and, from a different seed, "));
        text.Append(Invariant($"{options.HospitalPerClass} + {options.HospitalPerClass} hospital-style phantoms were generated (difficulty {options.Difficulty:0.##}). "));
        text.Append(Invariant($"The internet set was split {100 * (1 - options.InternalTestFraction):0} / {100 * options.InternalTestFraction:0}, stratified by label, into a training part ({trainingCount} images) "));
        text.Append(Invariant($"and an internal test set ({testCount} images). Features came from a frozen {backbone.Name} backbone{resize}{InputSizes(joints)}; candidate heads ({heads}) were trained "));
        text.Append(Invariant($"with each augmentation mode ({modes}); the study's two augmentation policies were used: on the fly, rotation ±5°, random crop 224 of 256 (scaled with the input size), "));
        text.Append("horizontal and vertical flips and brightness jitter 0.25; static, 13 extra copies (rotations 30°…330° and two random affine copies) or fewer where the mode says so. ");
        text.Append(Invariant($"The candidate with the best {options.Folds}-fold cross-validated AUROC on the training part was selected (no test image was used in the choice), "));
        text.Append("its operating threshold set by Youden's index on its out-of-fold scores, and it was refitted on the whole training part. ");
        text.Append("It was then scored once on the internal test set and once on the external set: AUROC with DeLong 95% CI, unpaired DeLong test of the two AUROCs, ");
        text.Append("and sensitivity and specificity on the external set at the internal threshold (Wilson 95% CI). Class activation maps (last convolutional block, jet colormap) ");
        text.Append("were computed on correctly classified external dislocations; a hit is a map whose peak lies in the joint's region of interest. ");
        text.Append(Invariant($"Near-duplicates were sought by SHA-256 and by a 64-bit perceptual hash (distance ≤ {options.DuplicateMaxDistance}). Every random choice was derived from seed {options.Seed}."));
        text.Append(options.Heads.Any(h => h.IsFineTuned())
            ? Invariant($" The fine-tuned candidates ({string.Join(", ", options.Heads.Where(h => h.IsFineTuned()).Select(h => h.ToName()))}) instead trained the backbone itself, per fold on that fold's training part only, for {options.Experiment.FineTuneEpochs} epoch(s), then a logistic regression on its features (jdml reproduce --finetune-epochs {options.Experiment.FineTuneEpochs}).")
            : " The backbone itself was not fine-tuned; jdml reproduce --finetune-epochs N adds the fine-tuned candidate (it needs the fine-tuning plugin).");
        text.Append(options.Quick ? " This was the quick grid: fewer heads and augmentation modes and 3 folds, for a first look; run without --quick for the full protocol." : string.Empty);
        return text.ToString();
    }

    private static string Describe(AugmentationMode mode) => mode.Kind switch
    {
        AugmentationModeKind.Static => Invariant($"static, {mode.Count} extra copies per image"),
        AugmentationModeKind.Online => Invariant($"online, {mode.Count} epochs of fresh draws"),
        _ => "none",
    };

    private static string Auroc(EvaluationReport report) =>
        double.IsNaN(report.Auroc) ? "n/a" : Invariant($"{F3(report.Auroc)} ({F3(report.DeLong.Interval.Lower)}–{F3(report.DeLong.Interval.Upper)})");

    private static string Share(Proportion proportion) =>
        double.IsNaN(proportion.Estimate) ? "n/a" : Invariant($"{proportion.Estimate:0.00} ({proportion.Interval.Lower:0.00}–{proportion.Interval.Upper:0.00})");

    private static string CamHitRate(SaliencyScoreSummary summary) =>
        summary is { HitRate: { } rate, HitRateInterval: { } interval }
            ? Invariant($"{rate:0.00} ({interval.Lower:0.00}–{interval.Upper:0.00}; {summary.RoiCount})")
            : "n/a";

    private static string P(double p) => double.IsNaN(p) ? "n/a" : p < 0.001 ? "< 0.001" : Invariant($"{p:0.000}");

    private static string F3(double value) => double.IsNaN(value) ? "n/a" : Invariant($"{value:0.000}");

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
