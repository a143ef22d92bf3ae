using System.Text.Json;
using JointDislocation.ML.Evaluation;
using JointDislocation.ML.Statistics;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Reproduction;

/// <summary>Writes <c>results.json</c> with the library's <see cref="JsonConventions"/>: camelCase, numbers that are not finite as <c>null</c>.</summary>
internal static class ReproductionJson
{
    public static string Write(int seed, IReadOnlyList<JointReproduction> joints, double elapsedSeconds, ReproductionOptions options, string root)
    {
        return JsonConventions.Write(json =>
        {
            json.WriteStartObject();
            json.WriteNumber("seed", seed);
            json.WriteBoolean("quick", options.Quick);
            if (options.Heads.Any(h => h.IsFineTuned()))
            {
                // Present only when fine-tuning was included (jdml reproduce --finetune-epochs N).
                json.WriteNumber("fineTuneEpochs", options.Experiment.FineTuneEpochs);
            }

            json.WriteStartArray("joints");
            foreach (var joint in joints)
            {
                WriteJoint(json, joint, options, root);
            }

            json.WriteEndArray();
            Number(json, "elapsedSeconds", Math.Round(elapsedSeconds, 1));
            json.WriteEndObject();
        }, indented: true) + "\n";
    }

    private static void WriteJoint(Utf8JsonWriter json, JointReproduction joint, ReproductionOptions options, string root)
    {
        var external = joint.External.AtThreshold;
        json.WriteStartObject();
        json.WriteString("joint", joint.Joint.ToName());
        json.WriteString("selected", joint.Selected);
        Auroc(json, "internal", joint.Internal.Report);
        Auroc(json, "external", joint.External.Report);
        Number(json, "internalVsExternalP", joint.InternalVsExternal.PValue);
        Number(json, "threshold", joint.Training.Threshold.Threshold);
        Number(json, "externalSensitivity", external.Sensitivity.Estimate);
        Number(json, "externalSpecificity", external.Specificity.Estimate);
        Number(json, "camHitRate", joint.Cam.HitRate ?? double.NaN);
        json.WriteStartObject("paper");
        Number(json, "internal", joint.Paper.Internal);
        Number(json, "external", joint.Paper.External);
        json.WriteEndObject();

        // Beyond the fixed fields: what the numbers above rest on.
        json.WriteString("camModel", joint.Cam.Model);
        json.WriteNumber("camImages", joint.Cam.Summary.Count);
        json.WriteStartObject("camHitRateWilson");
        Number(json, "lower", joint.Cam.Summary.HitRateInterval?.Lower ?? double.NaN);
        Number(json, "upper", joint.Cam.Summary.HitRateInterval?.Upper ?? double.NaN);
        json.WriteEndObject();
        json.WriteNumber("inputSize", joint.InputSize);
        Number(json, "cvAuroc", joint.Training.Selected.CvAuroc);
        json.WriteNumber("trainingImages", joint.Training.Records.Count);
        json.WriteStartObject("duplicates");
        json.WriteNumber("maxDistance", options.DuplicateMaxDistance);
        Duplicates(json, "internal", joint.InternalDuplicates, joint.InternalLookalikes, joint.InternalSamePatient, root);
        Duplicates(json, "external", joint.ExternalDuplicates, joint.ExternalLookalikes, joint.ExternalSamePatient, root);
        json.WriteEndObject();
        json.WriteStartArray("candidates");
        foreach (var candidate in joint.Training.Candidates)
        {
            json.WriteStartObject();
            json.WriteString("name", candidate.Name);
            Number(json, "cvAuroc", candidate.CvAuroc);
            Number(json, "lower", candidate.CvLower);
            Number(json, "upper", candidate.CvUpper);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        Number(json, "seconds", Math.Round(joint.Seconds, 1));
        json.WriteEndObject();
    }

    // The one schema of an EvaluationReport (as in metrics.json), with the report's own warnings.
    private static void Auroc(Utf8JsonWriter json, string name, EvaluationReport report)
    {
        json.WriteStartObject(name);
        EvaluationWriter.WriteReport(json, report);
        json.WriteStartArray("warnings");
        foreach (var warning in report.Warnings)
        {
            json.WriteStringValue(warning);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Duplicates(Utf8JsonWriter json, string name, Data.DuplicateReport report, int lookalikes, int samePatient, string root)
    {
        json.WriteStartObject(name);
        json.WriteNumber("checked", report.TestImagesChecked);
        json.WriteNumber("count", report.LeakedTestImages.Count);
        json.WriteNumber("withinDefaultDistance", lookalikes);
        json.WriteNumber("samePatient", samePatient);
        json.WriteStartArray("matches");
        foreach (var match in report.Matches)
        {
            json.WriteStartObject();
            json.WriteString("test", Relative(root, match.TestPath));
            json.WriteString("training", Relative(root, match.TrainingPath));
            json.WriteString("kind", match.Kind.ToString().ToLowerInvariant());
            json.WriteNumber("distance", match.Distance);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    private static void Number(Utf8JsonWriter json, string name, double value) => JsonConventions.WriteNumber(json, name, value);
}
