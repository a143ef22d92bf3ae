using System.Text.Json;
using System.Text.Json.Serialization;
using JointDislocation.ML.Statistics;

namespace JointDislocation.ML.Training;

// The typed fields of ModelManifest keep the string forms that format-version-1 bundles have always held, so
// bundles written before the manifest was typed still load, and bundles written now still load in older builds.

/// <summary>A joint as its lower-case name (<c>hip</c>), as <see cref="JointNames"/> writes it.</summary>
internal sealed class ManifestJointConverter : JsonConverter<Joint>
{
    public override Joint Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return JointNames.TryParse(text, out var joint)
            ? joint.Value
            : throw new JsonException($"Unknown joint '{text}'; known: shoulder, elbow, hip, tha.");
    }

    public override void Write(Utf8JsonWriter writer, Joint value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToName());
}

/// <summary>A head as its command-line name (<c>logreg</c>), as <see cref="HeadNames"/> writes it.</summary>
internal sealed class ManifestHeadConverter : JsonConverter<HeadKind>
{
    public override HeadKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        try
        {
            return HeadNames.Parse(text ?? string.Empty);
        }
        catch (FormatException exception)
        {
            throw new JsonException(exception.Message, exception);
        }
    }

    public override void Write(Utf8JsonWriter writer, HeadKind value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToName());
}

/// <summary>A threshold method as its member name (<c>Youden</c>), read in any case.</summary>
internal sealed class ManifestThresholdMethodConverter : JsonConverter<ThresholdMethod>
{
    public override ThresholdMethod Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return Enum.TryParse<ThresholdMethod>(text, ignoreCase: true, out var method) && Enum.IsDefined(method) && !int.TryParse(text, out _)
            ? method
            : throw new JsonException($"Unknown threshold method '{text}'; known: {string.Join(", ", Enum.GetNames<ThresholdMethod>())}.");
    }

    public override void Write(Utf8JsonWriter writer, ThresholdMethod value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}

/// <summary>
/// The operating threshold, which may be ±∞: Youden's index picks +∞ (nothing called dislocated) when no threshold beats
/// chance, as for a model that scores below chance in cross-validation. The library's convention writes a non-finite
/// number as <c>null</c>, which reads back as NaN and loses the threshold; this field writes ±∞ as the named literal
/// (<c>"Infinity"</c>, <c>"-Infinity"</c>) that the convention reads, and a finite threshold as a number.
/// </summary>
internal sealed class ManifestThresholdConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.TokenType switch
        {
            JsonTokenType.Number => reader.GetDouble(),
            JsonTokenType.String => reader.GetString() switch
            {
                "Infinity" => double.PositiveInfinity,
                "-Infinity" => double.NegativeInfinity,
                var text => throw new JsonException($"The threshold '{text}' is not a number."),
            },
            _ => throw new JsonException("The threshold is missing; it must be a number, \"Infinity\" or \"-Infinity\"."),
        };
        return value;
    }

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsNaN(value))
        {
            throw new JsonException("The threshold is NaN; a model needs an operating threshold.");
        }

        if (double.IsInfinity(value))
        {
            writer.WriteStringValue(value > 0 ? "Infinity" : "-Infinity");
        }
        else
        {
            writer.WriteNumberValue(value);
        }
    }
}
