using System.Text.Json;
using System.Text.Json.Serialization;

namespace JointDislocation.ML.Training;

/// <summary>
/// The JSON of bundle manifests: the library's <see cref="JsonConventions"/> (camelCase, enums as camelCase strings,
/// non-finite numbers as <c>null</c>, old <c>"NaN"</c> strings still read), indented, absent values left out.
/// </summary>
internal static class ModelBundleJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonConventions.IndentedOptions)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
