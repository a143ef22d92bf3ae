using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using JointDislocation.ML.Backbones;
using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Training;

/// <summary>
/// A trained per-joint model: a backbone, a head and its operating threshold. Saved as a bundle (<c>model.jdml</c>,
/// a zip of <c>manifest.json</c> and the ML.NET head <c>head.zip</c>, and for a fine-tuned head the fine-tuned
/// network <c>backbone.onnx</c>) that loads in a fresh process and gives the same scores; a damaged bundle or a
/// different backbone is refused. A fine-tuned network runs on ONNX Runtime like any backbone: using it needs no
/// training runtime.
/// </summary>
/// <remarks>
/// Thread-safe: load it once and share it (a singleton in a web service); <see cref="Predict"/>,
/// <see cref="PredictAsync"/>, <see cref="Score"/> and <see cref="Save"/> may run on any number of threads at once and
/// give the same answers as when called one at a time. This holds for the library's <see cref="OnnxBackbone"/> (one
/// shared ONNX Runtime session, whose <c>Run</c> is thread-safe, and buffers of each call's own); a backbone of your own
/// must be thread-safe too. The head's ML.NET scoring is serialised by a lock (see <see cref="TrainedHead"/>).
/// </remarks>
public sealed class DislocationModel
{
    private const string ManifestEntry = "manifest.json";
    private const string HeadEntry = "head.zip";

    /// <summary>The bundle entry that holds a fine-tuned backbone's ONNX file.</summary>
    internal const string FineTunedBackboneEntry = "backbone.onnx";
    private static readonly DateTimeOffset FixedEntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    internal DislocationModel(ModelManifest manifest, TrainedHead head, IImageBackbone backbone)
    {
        Manifest = manifest;
        Head = head;
        Backbone = backbone;
    }

    /// <summary>What the bundle records: labels, backbone, head, threshold, cross-validation figures, training fingerprints.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>The fitted head.</summary>
    public TrainedHead Head { get; }

    /// <summary>The backbone that computes the head's features.</summary>
    public IImageBackbone Backbone { get; }

    /// <summary>The operating threshold on the probability.</summary>
    public double Threshold => Manifest.Threshold;

    /// <summary>Scores one image.</summary>
    /// <param name="image">The decoded radiograph.</param>
    /// <returns>The prediction.</returns>
    public Prediction Predict(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Score(Backbone.Featurize([image]))[0];
    }

    /// <summary>Scores a batch of images.</summary>
    /// <param name="images">The decoded radiographs.</param>
    /// <param name="progress">Featurisation progress.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>One prediction per image, in order.</returns>
    public async Task<IReadOnlyList<Prediction>> PredictAsync(IReadOnlyList<GrayImage> images, IProgress<FeaturizationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        return Score(await Backbone.FeaturizeAsync(images, progress, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Scores backbone outputs already computed (for example by a saliency method that needs the maps too).</summary>
    /// <param name="outputs">The backbone's outputs for some images.</param>
    /// <returns>One prediction per output, in order.</returns>
    public IReadOnlyList<Prediction> Score(IReadOnlyList<BackboneOutput> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var timings = PipelineStageTimings.Current;
        var clock = timings is null ? 0 : PipelineStageTimings.Now();
        var scores = Head.Score(outputs.Select(o => o.PooledToArray()).ToList());
        var predictions = scores.Select(s => new Prediction(s.Probability, s.RawScore, s.Probability >= Threshold ? Manifest.PositiveLabel : Manifest.NegativeLabel, Threshold)).ToList();
        timings?.Add(PipelineStage.Head, ref clock, outputs.Count);
        return predictions;
    }

    /// <summary>Saves the bundle atomically.</summary>
    /// <param name="path">The file to write, conventionally <c>model.jdml</c>.</param>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var headStream = new MemoryStream();
        Head.SaveModel(headStream);
        var headBytes = WithFixedEntryTimes(headStream.ToArray());
        var manifest = Manifest with { HeadSha256 = Convert.ToHexStringLower(SHA256.HashData(headBytes)) };
        var backboneBytes = FineTunedBackboneBytes();
        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            WriteEntry(zip, ManifestEntry, JsonSerializer.SerializeToUtf8Bytes(manifest, ModelBundleJson.Options));
            WriteEntry(zip, HeadEntry, headBytes);
            if (backboneBytes is not null)
            {
                WriteEntry(zip, FineTunedBackboneEntry, backboneBytes);
            }
        });
    }

    /// <summary>The fine-tuned network's ONNX bytes, read from the file the backbone runs and checked against the manifest; null without fine-tuning.</summary>
    private byte[]? FineTunedBackboneBytes()
    {
        if (Manifest.FineTunedBackbone is not { } record)
        {
            return null;
        }

        var file = (Backbone as OnnxBackbone)?.Options.ModelPath
            ?? throw new InvalidOperationException($"The model records a fine-tuned backbone, but its backbone '{Backbone.Name}' is not an ONNX file.");
        var bytes = File.ReadAllBytes(file);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return string.Equals(sha, record.Sha256, StringComparison.OrdinalIgnoreCase)
            ? bytes
            : throw new InvalidOperationException($"The fine-tuned backbone file {file} has SHA-256 {sha}, but the model records {record.Sha256}; it changed since training.");
    }

    /// <summary>Loads a bundle.</summary>
    /// <param name="path">The bundle file.</param>
    /// <param name="backbone">The backbone to use; by default the one the manifest names (the built-in ResNet18, or the recorded ONNX file).</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidInputException">The file is not a bundle, is damaged, has another format version, or the backbone differs from the one the head was trained on.</exception>
    public static DislocationModel Load(string path, IImageBackbone? backbone = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new InvalidInputException(fullPath, null, "model bundle not found.");
        }

        // Size 0 is also what a FIFO or a device reports; opening one as a zip would wait forever.
        if (new FileInfo(fullPath).Length == 0)
        {
            throw new InvalidInputException(fullPath, null, "an empty file, not a model bundle.");
        }

        ModelManifest manifest;
        byte[] headBytes;
        byte[]? backboneBytes = null;
        try
        {
            using var zip = ZipFile.OpenRead(fullPath);
            var manifestBytes = ReadEntry(zip, ManifestEntry, fullPath);
            headBytes = ReadEntry(zip, HeadEntry, fullPath);
            manifest = ParseManifest(manifestBytes, fullPath);
            if (manifest.FineTunedBackbone is { } record)
            {
                backboneBytes = ReadEntry(zip, record.Entry, fullPath);
            }
        }
        catch (InvalidDataException exception)
        {
            throw new InvalidInputException(fullPath, null, $"not a readable model bundle (damaged or truncated zip: {exception.Message})", exception);
        }

        if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(headBytes)), manifest.HeadSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidInputException(fullPath, null, $"the head model '{HeadEntry}' does not match the checksum in the manifest; the bundle is damaged.");
        }

        if (manifest.FineTunedBackbone is { } fineTuned)
        {
            var sha = Convert.ToHexStringLower(SHA256.HashData(backboneBytes!));
            if (!string.Equals(sha, fineTuned.Sha256, StringComparison.OrdinalIgnoreCase) || !string.Equals(sha, manifest.Backbone.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidInputException(fullPath, null,
                    $"the fine-tuned backbone '{fineTuned.Entry}' has SHA-256 {sha}, but the manifest records {fineTuned.Sha256}; the bundle is damaged.");
            }

            backbone ??= CreateFineTunedBackbone(manifest.Backbone, fineTuned, backboneBytes!, fullPath);
        }

        backbone ??= CreateBackbone(manifest.Backbone, fullPath);
        if (!string.Equals(backbone.Sha256, manifest.Backbone.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidInputException(fullPath, null,
                $"the model was trained on backbone '{manifest.Backbone.Name}' with SHA-256 {manifest.Backbone.Sha256}, but backbone '{backbone.Name}' has SHA-256 {backbone.Sha256}; its scores would be meaningless.");
        }

        if (manifest.Backbone.ExpectedInputSize is { } size && (backbone.InputWidth != size.Width || backbone.InputHeight != size.Height))
        {
            throw new InvalidInputException(fullPath, null,
                $"the model was trained on backbone '{manifest.Backbone.Name}' at {size.Width}×{size.Height} input, but the backbone given runs at {backbone.InputWidth}×{backbone.InputHeight}; its scores would be meaningless.");
        }

        if (backbone.FeatureDimension != manifest.FeatureMean.Count)
        {
            throw new InvalidInputException(fullPath, null, $"the head expects {manifest.FeatureMean.Count} features; the backbone gives {backbone.FeatureDimension}.");
        }

        var linear = manifest.LinearWeights is { } weights && manifest.LinearBias is { } bias ? new LinearHeadWeights(weights, bias) : null;
        var head = manifest.Head;
        using var headStream = new MemoryStream(headBytes);
        TrainedHead trained;
        try
        {
            trained = TrainedHead.LoadModel(head, headStream, linear, manifest.Seed, manifest.FeatureMean.Count);
        }
        catch (Exception exception) when (exception is InvalidOperationException or InvalidDataException or FormatException)
        {
            throw new InvalidInputException(fullPath, null, $"the head model could not be loaded: {exception.Message}", exception);
        }

        return new DislocationModel(manifest, trained, backbone);
    }

    private static ModelManifest ParseManifest(byte[] bytes, string path)
    {
        int version;
        try
        {
            using var document = JsonDocument.Parse(bytes);
            version = document.RootElement.TryGetProperty("formatVersion", out var v) && v.TryGetInt32(out var parsed) ? parsed : -1;
        }
        catch (JsonException exception)
        {
            throw new InvalidInputException(path, null, $"'{ManifestEntry}' is not valid JSON: {exception.Message}", exception);
        }

        if (version == 1)
        {
            throw new InvalidInputException(path, null,
                $"bundle format version 1 (heads without their own normalisation, before JointDislocation.ML's ML.NET integration); this library ({DislocationContext.LibraryVersion}) reads version {ModelManifest.CurrentFormatVersion}. Retrain the model with 'jdml train'.");
        }

        if (version != ModelManifest.CurrentFormatVersion)
        {
            throw new InvalidInputException(path, null,
                $"bundle format version {(version < 0 ? "missing" : version.ToString(System.Globalization.CultureInfo.InvariantCulture))}; this library ({DislocationContext.LibraryVersion}) reads version {ModelManifest.CurrentFormatVersion}.");
        }

        try
        {
            var manifest = JsonSerializer.Deserialize<ModelManifest>(bytes, ModelBundleJson.Options)
                ?? throw new InvalidInputException(path, null, $"'{ManifestEntry}' is empty.");
            if (manifest.FeatureMean.Count == 0 || manifest.FeatureMean.Count != manifest.FeatureScale.Count)
            {
                throw new InvalidInputException(path, null, $"'{ManifestEntry}' has an invalid feature standardisation.");
            }

            return manifest;
        }
        catch (JsonException exception)
        {
            throw new InvalidInputException(path, null, $"'{ManifestEntry}' is missing fields or has wrong types: {exception.Message}", exception);
        }
    }

    /// <summary>The bundle's fine-tuned network on ONNX Runtime, with its source's preprocessing (ResNet18's mean image) and the recorded tensors.</summary>
    private static OnnxBackbone CreateFineTunedBackbone(BackboneDescriptor descriptor, FineTunedBackboneRecord record, byte[] bytes, string bundlePath)
    {
        string file;
        try
        {
            file = FineTunedBackboneStore.Put(bytes, record.Sha256, bundlePath);
        }
        catch (IOException exception)
        {
            throw new IOException($"{bundlePath}: could not write its fine-tuned backbone to {FineTunedBackboneStore.Root}: {exception.Message}", exception);
        }

        var options = string.Equals(record.SourceName, BackboneDescriptor.BuiltInResNet18, StringComparison.Ordinal)
            ? ResNet18OptionsFor(descriptor, bundlePath)
            : new OnnxBackboneOptions
            {
                InputName = descriptor.InputName ?? string.Empty,
                PooledOutputName = descriptor.PooledOutputName ?? string.Empty,
                MapOutputName = descriptor.MapOutputName ?? string.Empty,
            };

        // At the input side it was fine-tuned at (the file holds the source's graph; loading re-sizes it again).
        return Backbones.Backbone.FromOnnx(options with
        {
            Name = descriptor.Name,
            ModelPath = file,
            ResizePolicy = descriptor.ResizePolicy,
            InputWidth = descriptor.InputWidth,
            InputHeight = descriptor.InputHeight,
        });
    }

    private static OnnxBackbone CreateBackbone(BackboneDescriptor descriptor, string bundlePath)
    {
        if (descriptor.ModelFile is null)
        {
            if (!string.Equals(descriptor.Name, BackboneDescriptor.BuiltInResNet18, StringComparison.Ordinal))
            {
                throw new InvalidInputException(bundlePath, null, $"the bundle names backbone '{descriptor.Name}' without a model file; pass the backbone explicitly.");
            }

            return Backbones.Backbone.FromOnnx(ResNet18OptionsFor(descriptor, bundlePath) with { ResizePolicy = descriptor.ResizePolicy });
        }

        var modelFile = Path.IsPathRooted(descriptor.ModelFile)
            ? descriptor.ModelFile
            : Path.Combine(Path.GetDirectoryName(bundlePath)!, descriptor.ModelFile);
        if (!File.Exists(modelFile))
        {
            throw new InvalidInputException(bundlePath, null, $"the backbone file '{modelFile}' the model was trained on is not there; pass the backbone explicitly.");
        }

        return Backbones.Backbone.FromOnnx(new OnnxBackboneOptions
        {
            Name = descriptor.Name,
            ModelPath = modelFile,
            InputName = descriptor.InputName ?? string.Empty,
            PooledOutputName = descriptor.PooledOutputName ?? string.Empty,
            MapOutputName = descriptor.MapOutputName ?? string.Empty,
            ResizePolicy = descriptor.ResizePolicy,
            InputWidth = descriptor.InputWidth,
            InputHeight = descriptor.InputHeight,
        });
    }

    /// <summary>The built-in ResNet18's options at the side the bundle records: none means the graph's own (224); a
    /// re-sized or fine-tuned-at-another-size ResNet18 records its square side.</summary>
    private static OnnxBackboneOptions ResNet18OptionsFor(BackboneDescriptor descriptor, string bundlePath) =>
        (descriptor.InputWidth, descriptor.InputHeight) switch
        {
            (null, null) => Backbones.Backbone.ResNet18Options(),
            (int width, int height) when width == height && Backbones.Backbone.IsValidResNet18InputSize(width) => Backbones.Backbone.ResNet18Options(width),
            _ => throw new InvalidInputException(bundlePath, null, $"the bundle records ResNet18 at {descriptor.InputWidth}×{descriptor.InputHeight}; it runs square, at multiples of 32 from 64 to 1024."),
        };

    /// <summary>
    /// ML.NET stamps its model zip with the time of saving; restamped, the same training gives the same bundle bytes
    /// (and the same head checksum) on every run.
    /// </summary>
    private static byte[] WithFixedEntryTimes(byte[] zipBytes)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var content = entry.Open();
                using var buffer = new MemoryStream();
                content.CopyTo(buffer);
                WriteEntry(target, entry.FullName, buffer.ToArray());
            }
        }

        return output.ToArray();
    }

    private static void WriteEntry(ZipArchive zip, string name, byte[] bytes)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = FixedEntryTime;
        using var stream = entry.Open();
        stream.Write(bytes);
    }

    private static byte[] ReadEntry(ZipArchive zip, string name, string path)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidInputException(path, null, $"the bundle has no '{name}' entry.");
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
