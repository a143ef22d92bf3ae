// Where does the model look? Trains a small logistic-regression model on phantoms (or loads yours), explains held-out
// phantoms with class activation maps (or occlusion sensitivity), writes the overlays and a contact sheet, and scores
// each map against the joint's known region of interest: the pointing game, the share of saliency energy inside the
// ROI, and the share on burned-in artefacts (arrows, markers, text), which flags a shortcut.
//
//   dotnet run --project samples/SaliencyHeatmaps -- --joint shoulder --out runs/saliency-shoulder
//   dotnet run --project samples/SaliencyHeatmaps -- --model runs/train-hip/model.jdml --joint hip --method occlusion
using System.Globalization;
using JointDislocation.ML;
using JointDislocation.ML.Augmentation;
using JointDislocation.ML.Data;
using JointDislocation.ML.Phantoms;
using JointDislocation.ML.Saliency;
using JointDislocation.ML.Training;

var options = ParseArguments(args, ["--joint", "--per-class", "--explain", "--folds", "--method", "--model", "--seed", "--out"]);
if (options is null)
{
    Console.Error.WriteLine("""
        usage: SaliencyHeatmaps [--joint shoulder|elbow|hip|tha] [--per-class 20] [--explain 8] [--folds 3]
                                [--method cam|occlusion] [--model FILE] [--seed 42] [--out DIR]
        Trains logreg on --per-class phantoms per label (unless --model is given), then explains --explain
        held-out internet-style phantoms per label.
        """);
    return 2;
}

var joint = JointNames.Parse(options.GetValueOrDefault("--joint", "hip"));
int Integer(string name, string fallback) => int.Parse(options.GetValueOrDefault(name, fallback), CultureInfo.InvariantCulture);
var method = options.GetValueOrDefault("--method", "cam") == "occlusion" ? SaliencyMethod.Occlusion : SaliencyMethod.Cam;
var output = Path.GetFullPath(options.GetValueOrDefault("--out", Path.Combine("runs", $"saliency-{joint.ToName()}")));
var context = new DislocationContext(Integer("--seed", "42"));

// Phantom manifests carry each image's ROI and artefact boxes; a manifest of your own can carry them too.
async Task<RadiographDataset> Phantoms(string name, int perClass)
{
    var set = await PhantomSetWriter.WriteAsync(new PhantomSetOptions
    {
        OutputDirectory = Path.Combine(output, name),
        Joints = [joint],
        PerClass = perClass,
        Seed = context.DeriveSeed(name),
    });
    return RadiographDataset.Load(set.ManifestPath);
}

DislocationModel model;
if (options.TryGetValue("--model", out var modelPath))
{
    model = DislocationModel.Load(modelPath);
}
else
{
    // A class activation map is exact for linear heads: the map's mean plus the bias is the head's logit.
    var training = await context.Training()
        .ForJoint(joint)
        .WithData(await Phantoms("train", Integer("--per-class", "20")))
        .WithHeads(HeadKind.LogisticRegression)
        .WithAugmentation(AugmentationMode.None)
        .WithCrossValidation(Integer("--folds", "3"))
        .Build()
        .RunAsync();
    model = training.Model;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"trained {training.Selected.Name} on {training.Records.Count} phantoms: CV AUROC {training.Selected.CvAuroc:0.000} ({training.Selected.CvLower:0.000}–{training.Selected.CvUpper:0.000})"));
}

var test = await Phantoms("test", Integer("--explain", "8"));
var overlay = new SaliencyOverlay();
var panels = new List<SaliencyPanel>();
var scores = new List<SaliencyScoreResult>();
Directory.CreateDirectory(Path.Combine(output, "overlays"));
Console.WriteLine($"{"image",-28} {"label",-10} {"p",6} {"hit",4} {"ROI energy",10} {"ROI area",8} {"artefacts",9}");
for (var i = 0; i < test.Records.Count; i++)
{
    var record = test.Records[i];
    var image = RadiographDecoder.Decode(record.Path);
    var explanation = method == SaliencyMethod.Cam
        ? ModelExplainer.ClassActivationMap(model, image)
        : await ModelExplainer.OcclusionAsync(model, image);

    // Energy inside the ROI means something only next to the ROI's share of the area: a flat map scores that much.
    var score = SaliencyScores.Compute(explanation.Map, record.RegionOfInterest, record.Artifacts);
    scores.Add(score);
    ModelExplainer.WriteOverlay(Path.Combine(output, "overlays", ModelExplainer.OverlayName(i, record.Path)), image, explanation.Map);
    panels.Add(new SaliencyPanel(image, explanation.Map, Path.GetFileName(record.Path), record.Label, explanation.Prediction.Probability, record.RegionOfInterest, record.Artifacts));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{Path.GetFileName(record.Path),-28} {record.Label,-10} {explanation.Prediction.Probability,6:0.000} {(score.Hit == true ? "yes" : "no"),4} {score.RoiEnergy,10:0.000} {score.RoiAreaShare,8:0.000} {score.ArtifactEnergy,9:0.000}{(score.ShortcutWarning ? "  shortcut?" : string.Empty)}"));
}

// The contact sheet: radiograph | overlay with the ROI in green and artefacts in magenta, with captions.
var sheet = Path.Combine(output, "contact-sheet.png");
overlay.WriteContactSheetPng(sheet, panels, columns: 4);

var summary = SaliencyScores.Summarize(scores);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"pointing game {summary.HitRate:0.000} ({summary.HitRateInterval?.Lower:0.000}–{summary.HitRateInterval?.Upper:0.000}) over {summary.RoiCount} images; mean ROI energy {summary.MeanRoiEnergy:0.000} against an area share of {summary.MeanRoiAreaShare:0.000}; artefact energy {summary.MeanArtifactEnergy:0.000}; shortcuts {summary.ShortcutCount}"));
foreach (var warning in summary.Warnings)
{
    Console.WriteLine($"warning: {warning}");
}

Console.WriteLine($"overlays in {Path.Combine(output, "overlays")}; contact sheet {sheet}");
return 0;

// A tiny "--name value" parser: null on an unknown option or a missing value, so the usage is shown.
static Dictionary<string, string>? ParseArguments(string[] arguments, string[] known)
{
    var values = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i < arguments.Length; i += 2)
    {
        if (!known.Contains(arguments[i]) || i + 1 >= arguments.Length)
        {
            return null;
        }

        values[arguments[i]] = arguments[i + 1];
    }

    return values;
}
