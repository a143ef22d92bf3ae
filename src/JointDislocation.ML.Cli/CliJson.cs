using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

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
}
