using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace JointDislocation.ML;

/// <summary>
/// The one JSON convention of every file and line the library and <c>jdml</c> write: camelCase names, enums as
/// camelCase strings, a number that is not finite (NaN, ±∞) written as <c>null</c> because JSON has no such numbers,
/// and non-ASCII text written as it is rather than escaped.
/// </summary>
/// <remarks>
/// Reading follows the same rules back: <c>null</c> in a <see cref="double"/> or <see cref="float"/> reads as NaN.
/// Files written before this convention held <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c> as strings;
/// those still read.
/// </remarks>
public static class JsonConventions
{
    /// <summary>Serializer options with the convention, compact; read-only (copy them to change formatting).</summary>
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    /// <summary>The same options, indented: for files people read.</summary>
    public static JsonSerializerOptions IndentedOptions { get; } = Create(indented: true);

    /// <summary>Writer options with the convention's encoder.</summary>
    /// <param name="indented">Whether to indent.</param>
    /// <returns>The options.</returns>
    public static JsonWriterOptions WriterOptions(bool indented = false) =>
        new() { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Builds a JSON text with a writer that follows the convention.</summary>
    /// <param name="write">Writes one JSON value.</param>
    /// <param name="indented">Whether to indent.</param>
    /// <returns>The text, without a final line break.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="write"/> is null.</exception>
    public static string Write(Action<Utf8JsonWriter> write, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, WriterOptions(indented)))
        {
            write(json);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes a named number, or <c>null</c> where it is not finite.</summary>
    /// <param name="json">The writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The number.</param>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    public static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>Writes a number as an array element, or <c>null</c> where it is not finite.</summary>
    /// <param name="json">The writer.</param>
    /// <param name="value">The number.</param>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    public static void WriteNumberValue(Utf8JsonWriter json, double value)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (double.IsFinite(value))
        {
            json.WriteNumberValue(value);
        }
        else
        {
            json.WriteNullValue();
        }
    }

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = indented,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            Converters =
            {
                new JsonStringEnumConverter(JsonNamingPolicy.CamelCase),
                new DoubleConverter(),
                new SingleConverter(),
            },
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>Reads a number, <c>null</c> (NaN) or an old named literal; false for anything else.</summary>
    private static bool TryRead(ref Utf8JsonReader reader, out double value)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.TryGetDouble(out value);
            case JsonTokenType.Null:
                value = double.NaN;
                return true;
            case JsonTokenType.String:
                value = reader.GetString() switch
                {
                    "NaN" => double.NaN,
                    "Infinity" => double.PositiveInfinity,
                    "-Infinity" => double.NegativeInfinity,
                    _ => 0,
                };
                return reader.GetString() is "NaN" or "Infinity" or "-Infinity";
            default:
                value = 0;
                return false;
        }
    }

    private sealed class DoubleConverter : JsonConverter<double>
    {
        public override bool HandleNull => true;

        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            TryRead(ref reader, out var value) ? value : throw new JsonException($"Expected a number or null, found {reader.TokenType}.");

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) => WriteNumberValue(writer, value);
    }

    private sealed class SingleConverter : JsonConverter<float>
    {
        public override bool HandleNull => true;

        // A number is read as a float directly: through a double it could round twice.
        public override float Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Number && reader.TryGetSingle(out var single) ? single
            : reader.TokenType != JsonTokenType.Number && TryRead(ref reader, out var value) ? (float)value
            : throw new JsonException($"Expected a number or null, found {reader.TokenType}.");

        public override void Write(Utf8JsonWriter writer, float value, JsonSerializerOptions options)
        {
            if (float.IsFinite(value))
            {
                writer.WriteNumberValue(value);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }
}
