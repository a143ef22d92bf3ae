using System.Text.Json;
using JointDislocation.ML.Backbones;
using JointDislocation.ML.Data;

namespace JointDislocation.ML.Cli;

/// <summary>Turns option values into library objects; a value that makes no sense is a <see cref="UsageException"/> (exit 2).</summary>
internal static class CliParsing
{
    // The library's convention, read leniently: the description is written by hand.
    private static readonly JsonSerializerOptions DescriptionJson = new(JsonConventions.Options) { PropertyNameCaseInsensitive = true };

    public static Joint? Joint(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return JointNames.TryParse(text, out var joint)
            ? joint
            : throw new UsageException($"--joint: unknown joint '{text}'. Known joints: shoulder, elbow, hip, tha.");
    }

    public static IReadOnlyList<Joint> Joints(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return JointNames.All;
        }

        var joints = new List<Joint>();
        foreach (var name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!JointNames.TryParse(name, out var joint))
            {
                throw new UsageException($"--joints: unknown joint '{name}'. Known joints: shoulder, elbow, hip, tha.");
            }

            if (!joints.Contains(joint.Value))
            {
                joints.Add(joint.Value);
            }
        }

        return joints.Count > 0 ? joints : throw new UsageException("--joints: no joint named.");
    }

    public static T Parse<T>(Func<T> parse, string option)
    {
        try
        {
            return parse();
        }
        catch (FormatException exception)
        {
            throw new UsageException($"{option}: {exception.Message}");
        }
    }

    /// <summary>An argument exception's message without the " (Parameter 'name')" that .NET appends: the user
    /// named an option, not a method parameter.</summary>
    public static string WithoutParameterName(ArgumentException exception) =>
        exception.ParamName is { } name ? exception.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : exception.Message;

    public static RadiographDataset LoadDataset(string path, Joint? joint, string positive, string negative, bool strict, IReadOnlyList<string>? dicomSelect = null, bool unlabelled = false, DataShard? shard = null)
    {
        DatasetOptions options;
        try
        {
            options = new DatasetOptions
            {
                Joint = joint, PositiveLabel = positive, NegativeLabel = negative, Strict = strict, Unlabelled = unlabelled, Shard = shard,
                DicomSelection = (dicomSelect ?? []).Select(DicomSelectionRule.Parse).ToList(),
            };
            options.Validate();
        }
        catch (ArgumentException exception)
        {
            throw new UsageException(WithoutParameterName(exception));
        }

        return RadiographDataset.Load(path, options);
    }

    /// <summary>
    /// <c>resnet18</c>, or an ONNX file described by a JSON file beside it (<c>FILE.onnx.json</c>) naming its input,
    /// pooled output and feature-map output: an arbitrary network's tensors cannot be guessed safely.
    /// </summary>
    /// <param name="text">The <c>--backbone</c> value.</param>
    /// <param name="inputSize">The <c>--input-size</c> value: the square input side, or <see langword="null"/> for the network's own.</param>
    public static IImageBackbone Backbone(string text, int? inputSize = null)
    {
        if (inputSize is { } side && (side < 32 || side > 4096))
        {
            throw new UsageException($"--input-size must lie in 32–4096 pixels, got {side}.");
        }

        if (string.Equals(text, "resnet18", StringComparison.OrdinalIgnoreCase))
        {
            var size = inputSize ?? Backbones.Backbone.ResNet18InputSize;
            CheckResNet18InputSize(size);
            return Backbones.Backbone.ResNet18(inputSize: size);
        }

        if (!File.Exists(text))
        {
            throw new UsageException($"--backbone: '{text}' is neither 'resnet18' nor an existing ONNX file.");
        }

        var descriptionPath = text + ".json";
        if (!File.Exists(descriptionPath))
        {
            throw new UsageException(
                $"--backbone: {descriptionPath} is missing. Describe the model beside it: {{\"inputName\": …, \"pooledOutputName\": …, \"mapOutputName\": …, \"preprocessing\": \"imagenet\"|\"none\"}} (see docs/backbones.md).");
        }

        OnnxBackboneDescription description;
        try
        {
            description = JsonSerializer.Deserialize<OnnxBackboneDescription>(File.ReadAllText(descriptionPath), DescriptionJson)
                ?? throw new InvalidInputException(descriptionPath, null, "empty description.");
        }
        catch (JsonException exception)
        {
            throw new InvalidInputException(descriptionPath, null, $"not a valid backbone description: {exception.Message}", exception);
        }

        var preprocessing = description.Preprocessing?.ToLowerInvariant() switch
        {
            null or "none" => BackbonePreprocessing.None,
            "imagenet" => BackbonePreprocessing.ImageNet,
            var other => throw new InvalidInputException(descriptionPath, null, $"unknown preprocessing '{other}' (none or imagenet)."),
        };
        var resize = description.ResizePolicy is null
            ? ResizePolicy.IsoCrop
            : Enum.TryParse<ResizePolicy>(description.ResizePolicy, ignoreCase: true, out var parsed)
                ? parsed
                : throw new InvalidInputException(descriptionPath, null, $"unknown resizePolicy '{description.ResizePolicy}' (isoCrop, stretch or letterbox).");
        try
        {
            return Backbones.Backbone.FromOnnx(new OnnxBackboneOptions
            {
                Name = description.Name ?? Path.GetFileNameWithoutExtension(text),
                ModelPath = text,
                InputName = description.InputName ?? string.Empty,
                PooledOutputName = description.PooledOutputName ?? string.Empty,
                MapOutputName = description.MapOutputName ?? string.Empty,
                Preprocessing = preprocessing,
                ResizePolicy = resize,
                InputWidth = inputSize,
                InputHeight = inputSize,
            });
        }
        catch (ArgumentException exception)
        {
            throw new InvalidInputException(descriptionPath, null, WithoutParameterName(exception), exception);
        }
    }

    /// <summary>The <c>--input-size</c> rule for resnet18 (<c>train</c> and <c>reproduce</c>): exit 2 outside it.</summary>
    /// <param name="size">The side asked for.</param>
    public static void CheckResNet18InputSize(int size)
    {
        if (!Backbones.Backbone.IsValidResNet18InputSize(size))
        {
            throw new UsageException($"--input-size: resnet18 runs at multiples of 32 from 64 to 1024 pixels, got {size}.");
        }
    }

    private sealed record OnnxBackboneDescription(
        string? Name, string? InputName, string? PooledOutputName, string? MapOutputName, string? Preprocessing, string? ResizePolicy);
}
