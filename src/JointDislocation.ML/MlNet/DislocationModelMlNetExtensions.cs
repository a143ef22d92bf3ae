using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using JointDislocation.ML.Backbones;
using JointDislocation.ML.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace JointDislocation.ML.MlNet;

/// <summary>
/// Turns a trained <see cref="DislocationModel"/> into one ML.NET pipeline — image path in; <c>Score</c>,
/// <c>Probability</c>, <c>PredictedLabel</c> out — that stock ML.NET loads and runs without this library.
/// </summary>
public static class DislocationModelMlNetExtensions
{
    /// <summary>The input column of an exported pipeline.</summary>
    public const string ImagePathColumnName = "ImagePath";

    /// <summary>
    /// The model as a fitted ML.NET pipeline: <c>FeaturizeRadiograph</c> (no image folder: paths as given) followed
    /// by the head's chain, with <c>PredictedLabel</c> at the model's threshold.
    /// </summary>
    /// <param name="model">The trained model.</param>
    /// <param name="mlContext">The context the pipeline belongs to.</param>
    /// <returns>The pipeline; input a text column <c>ImagePath</c>.</returns>
    /// <exception cref="NotSupportedException">The backbone is not an ONNX backbone, or its resize policy is <see cref="ResizePolicy.Stretch"/> (ML.NET's <c>Fill</c> gives other pixels).</exception>
    public static ITransformer ToMlNet(this DislocationModel model, MLContext mlContext) => Build(model, mlContext, ImagePathColumnName, imageFolder: null, out _);

    /// <summary>
    /// Writes the pipeline of <see cref="ToMlNet"/> as one ML.NET model zip, atomically, with the model's manifest
    /// and an <see cref="MlNetExportInfo"/> (backbone SHA-256, ML.NET version, thresholds) inside.
    /// </summary>
    /// <param name="model">The trained model.</param>
    /// <param name="mlContext">The context that saves.</param>
    /// <param name="path">The file to write, conventionally <c>model.zip</c>.</param>
    /// <returns>What was recorded about the export.</returns>
    /// <exception cref="NotSupportedException">See <see cref="ToMlNet"/>.</exception>
    public static MlNetExportInfo SaveAsMlNet(this DislocationModel model, MLContext mlContext, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var pipeline = Build(model, mlContext, ImagePathColumnName, imageFolder: null, out var scoreThreshold);
        var backbone = (OnnxBackbone)model.Backbone;
        var info = new MlNetExportInfo(
            MlNetExportInfo.CurrentFormatVersion,
            DislocationContext.LibraryVersion,
            MlNetVersion,
            backbone.Name,
            backbone.Sha256,
            backbone.Options.ResizePolicy.ToString(),
            ImagePathColumnName,
            model.Threshold,
            scoreThreshold);
        var inputSchema = mlContext.Data.LoadFromEnumerable(Array.Empty<ImagePathRow>()).Schema;
        using var buffer = new MemoryStream();
        mlContext.Model.Save(pipeline, inputSchema, buffer);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            Write(zip, MlNetExportInfo.ManifestEntryName, JsonSerializer.SerializeToUtf8Bytes(model.Manifest, JsonConventions.IndentedOptions));
            Write(zip, MlNetExportInfo.EntryName, JsonSerializer.SerializeToUtf8Bytes(info, JsonConventions.IndentedOptions));
        }

        AtomicFile.WriteAllBytes(path, buffer.ToArray());
        return info;
    }

    /// <summary>Reads what an exported zip records about itself.</summary>
    /// <param name="path">A zip written by <see cref="SaveAsMlNet"/>.</param>
    /// <returns>The record.</returns>
    /// <exception cref="InvalidInputException">The file is not such a zip.</exception>
    public static MlNetExportInfo ReadExportInfo(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var entry = zip.GetEntry(MlNetExportInfo.EntryName) ?? throw new InvalidInputException(path, null, $"no '{MlNetExportInfo.EntryName}' entry: not exported by JointDislocation.ML.");
            using var stream = entry.Open();
            return JsonSerializer.Deserialize<MlNetExportInfo>(stream, JsonConventions.IndentedOptions)
                ?? throw new InvalidInputException(path, null, $"'{MlNetExportInfo.EntryName}' is empty.");
        }
        catch (Exception exception) when (exception is InvalidDataException or JsonException)
        {
            throw new InvalidInputException(path, null, $"not a readable exported model: {exception.Message}", exception);
        }
    }

    /// <summary>The ML.NET version of the running process (the one that saves).</summary>
    internal static string MlNetVersion =>
        typeof(MLContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(MLContext).Assembly.GetName().Version?.ToString() ?? "unknown";

    internal static ITransformer Build(DislocationModel model, MLContext mlContext, string inputColumnName, string? imageFolder, out float scoreThreshold)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(mlContext);
        if (model.Backbone is not OnnxBackbone backbone)
        {
            throw new NotSupportedException($"Backbone '{model.Backbone.Name}' is not an ONNX backbone; only ONNX backbones run inside ML.NET.");
        }

        if (backbone.Options.ResizePolicy == ResizePolicy.Stretch)
        {
            throw new NotSupportedException("The model resizes with Stretch; ML.NET's Fill samples without filtering, so an exported pipeline would not give this model's scores. Retrain with IsoCrop or Letterbox to export.");
        }

        var featurizer = RadiographTransformsCatalog.Build(mlContext.Transforms, backbone, "Features", inputColumnName, imageFolder)
            .Fit(EmptyInput(mlContext, inputColumnName));
        var head = HeadThreshold.Apply(mlContext, model.Head.Model, model.Threshold, out scoreThreshold);
        return new TransformerChain<ITransformer>([featurizer, .. head]);
    }

    /// <summary>An empty data view with one text column (fitting the featurizer learns nothing from it).</summary>
    internal static IDataView EmptyInput(MLContext mlContext, string inputColumnName)
    {
        return mlContext.Data.LoadFromEnumerable(Array.Empty<ImagePathRow>(), SchemaDefinitionFor(inputColumnName));
    }

    private static SchemaDefinition SchemaDefinitionFor(string inputColumnName)
    {
        var definition = SchemaDefinition.Create(typeof(ImagePathRow));
        definition[0].ColumnName = inputColumnName;
        return definition;
    }

    private static void Write(ZipArchive zip, string name, byte[] bytes)
    {
        using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        entry.Write(bytes);
    }

    private sealed class ImagePathRow
    {
        public string ImagePath { get; set; } = string.Empty;
    }
}
