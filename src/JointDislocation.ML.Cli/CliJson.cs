using System.Text.Json;
using JointDislocation.ML.Data;
using JointDislocation.ML.Evaluation;

namespace JointDislocation.ML.Cli;

/// <summary>
/// Shorthands for the JSON the commands print and write, all following the library's <see cref="JsonConventions"/>
/// (camelCase, NaN and infinity as null); the shapes shared with library outputs come from the library's writers.
/// </summary>
internal static class CliJson
{
    /// <summary>Writes a number, or null where it is undefined: JSON has no NaN or infinity.</summary>
    public static void Number(Utf8JsonWriter json, string name, double value) => JsonConventions.WriteNumber(json, name, value);

    /// <summary>Builds a JSON document with a writer.</summary>
    public static string Build(Action<Utf8JsonWriter> write, bool indented = false) => JsonConventions.Write(write, indented);

    /// <summary>Writes the <c>skipped</c> array of <c>{path, reason}</c>.</summary>
    public static void Skipped(Utf8JsonWriter json, IEnumerable<SkippedFile> skipped) => EvaluationWriter.WriteSkipped(json, skipped);
}
