using System.Globalization;
using System.Text.Json;

namespace JointDislocation.ML.Benchmarks;

/// <summary>
/// What the image benchmarks (<c>pipeline</c>, <c>mlnet</c>, <c>dicom</c>) share: their <c>[--images N] [--json]</c>
/// arguments, the JSON of their last line, and a temporary folder for the images they write.
/// </summary>
internal static class ImageBenchmarkArguments
{
    public static JsonSerializerOptions Json { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Parses <c>[--images N&gt;=8] [--json]</c>; <see langword="null"/> after printing the usage.</summary>
    public static async Task<(int Images, bool Json)?> ParseAsync(string benchmark, string[] args, int defaultImages)
    {
        var images = defaultImages;
        var json = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--images" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n >= 8:
                    images = n;
                    i++;
                    break;
                case "--json":
                    json = true;
                    break;
                default:
                    await Console.Error.WriteLineAsync($"Unknown or invalid argument '{args[i]}'. Usage: {benchmark} [--images N>=8] [--json]");
                    return null;
            }
        }

        return (images, json);
    }

    /// <summary>Runs <paramref name="measure"/> in a fresh temporary folder, deleted afterwards.</summary>
    public static T InTemporaryFolder<T>(string prefix, Func<string, T> measure)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            return measure(folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
