using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text;
using JointDislocation.ML.Statistics;

namespace JointDislocation.ML.Cli;

/// <summary>Helpers for the JSON the commands print and write: camelCase names, NaN and infinity as null.</summary>
internal static class CliJson
{
    /// <summary>Writes a number, or null where it is undefined: JSON has no NaN or infinity.</summary>
    public static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>Writes a <c>{lower, upper}</c> object.</summary>
    public static void Interval(Utf8JsonWriter json, string name, double lower, double upper)
    {
        json.WriteStartObject(name);
        Number(json, "lower", lower);
        Number(json, "upper", upper);
        json.WriteEndObject();
    }

    /// <summary>Builds a JSON document with a writer.</summary>
    public static string Build(Action<Utf8JsonWriter> write, bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(json);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes the <c>skipped</c> array of <c>{path, reason}</c>.</summary>
    public static void Skipped(Utf8JsonWriter json, IEnumerable<Data.SkippedFile> skipped)
    {
        json.WriteStartArray("skipped");
        foreach (var file in skipped)
        {
            json.WriteStartObject();
            json.WriteString("path", file.Path);
            json.WriteString("reason", file.Reason);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>
    /// Writes <c>n, positives, negatives, auroc, delong{se, lower, upper}</c> and, when there is one,
    /// <c>bootstrap{lower, upper, replicates[, seed]}</c>: the discrimination block shared by <c>roc</c> and <c>metrics.json</c>.
    /// </summary>
    public static void Discrimination(Utf8JsonWriter json, Statistics.EvaluationReport report, bool bootstrapSeed)
    {
        json.WriteNumber("n", report.Count);
        json.WriteNumber("positives", report.Positives);
        json.WriteNumber("negatives", report.Negatives);
        Number(json, "auroc", report.Auroc);
        json.WriteStartObject("delong");
        Number(json, "se", report.DeLong.StandardError);
        Number(json, "lower", report.DeLong.Interval.Lower);
        Number(json, "upper", report.DeLong.Interval.Upper);
        json.WriteEndObject();
        if (report.Bootstrap is { } bootstrap)
        {
            json.WriteStartObject("bootstrap");
            Number(json, "lower", bootstrap.Interval.Lower);
            Number(json, "upper", bootstrap.Interval.Upper);
            json.WriteNumber("replicates", bootstrap.Replicates);
            if (bootstrapSeed)
            {
                json.WriteNumber("seed", bootstrap.Seed);
            }

            json.WriteEndObject();
        }
    }
}
