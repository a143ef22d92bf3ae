using System.Globalization;
using System.Text.Json;
using JointDislocation.ML.Phantoms;

namespace JointDislocation.ML.Benchmarks;

/// <summary>
/// What the image benchmarks (<c>pipeline</c>, <c>mlnet</c>, <c>dicom</c>) share: their <c>[--images N] [--json]</c>
/// arguments, the JSON of their last line, and a temporary folder for the images they write.
/// </summary>
internal static class ImageBenchmarkArguments
{
    public static JsonSerializerOptions Json { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Parses <c>[--images N&gt;=8] [--json]</c>; <see langword="null"/> after printing the usage.</summary>
    public static async Task<(int Images, bool Json)?> ParseAsync(string benchmark, string[] args, int defaultImages) =>
        await ParseAsync(benchmark, args, defaultImages, pipeline: false) is { } options ? (options.Images, options.Json) : null;

    /// <summary>
    /// Parses the arguments; with <paramref name="pipeline"/> also <c>[--corpus png|realistic] [--exact]
    /// [--decode-threads N] [--ort-threads N] [--chart FILE.png]</c>. <see langword="null"/> after printing the usage.
    /// </summary>
    public static async Task<ImageBenchmarkOptions?> ParseAsync(string benchmark, string[] args, int defaultImages, bool pipeline)
    {
        var options = new ImageBenchmarkOptions(defaultImages, false, "png", false, 1, null, null);
        var usage = pipeline
            ? $"Usage: {benchmark} [--images N>=8] [--json] [--corpus png|realistic] [--exact] [--decode-threads N>=1] [--ort-threads N>=1] [--chart FILE.png]"
            : $"Usage: {benchmark} [--images N>=8] [--json]";
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            var number = int.TryParse(value, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
            switch (args[i])
            {
                case "--images" when number >= 8:
                    options = options with { Images = n };
                    i++;
                    break;
                case "--json":
                    options = options with { Json = true };
                    break;
                case "--corpus" when pipeline && value is "png" or "realistic":
                    options = options with { Corpus = value! };
                    i++;
                    break;
                case "--exact" when pipeline:
                    options = options with { Exact = true };
                    break;
                case "--decode-threads" when pipeline && number >= 1:
                    options = options with { DecodeThreads = n };
                    i++;
                    break;
                case "--chart" when pipeline && value is { Length: > 0 }:
                    options = options with { Chart = value };
                    i++;
                    break;
                case "--ort-threads" when pipeline && number >= 1:
                    options = options with { OrtThreads = n };
                    i++;
                    break;
                default:
                    await Console.Error.WriteLineAsync($"Unknown or invalid argument '{args[i]}'. {usage}");
                    return null;
            }
        }

        return options;
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

/// <summary>The featurization benchmarks' arguments.</summary>
/// <param name="Images">How many images.</param>
/// <param name="Json">Whether to print the result as a last JSON line.</param>
/// <param name="Corpus"><c>png</c> (seeded gray PNGs of 280–600 px) or <c>realistic</c> (<see cref="RealisticCorpus"/>).</param>
/// <param name="Exact">Decode every JPEG at full size (<see cref="Data.ImageDecodingOptions.Exact"/>).</param>
/// <param name="DecodeThreads">Threads decoding the next chunk while the backbone runs this one.</param>
/// <param name="OrtThreads">ONNX Runtime intra-op threads of the library's backbone; null for its default.</param>
/// <param name="Chart">Where to write the stage breakdown as a PNG chart; null for none.</param>
internal sealed record ImageBenchmarkOptions(int Images, bool Json, string Corpus, bool Exact, int DecodeThreads, int? OrtThreads, string? Chart);
