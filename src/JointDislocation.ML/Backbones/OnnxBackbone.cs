using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace JointDislocation.ML.Backbones;

/// <summary>
/// A backbone run by ONNX Runtime: resizes each grayscale image with the chosen <see cref="ResizePolicy"/>, prepares
/// the input tensor in C#, and runs batches through one shared session (symbolic batch, spinning threads off) that
/// returns the pooled features and the feature map together. Created by <see cref="Backbone.FromOnnx"/> or
/// <see cref="Backbone.ResNet18"/>, which do the I/O (hash, graph edit, session, probe).
/// </summary>
/// <remarks>Thread-safe: several threads may featurize at once.</remarks>
public sealed class OnnxBackbone : IImageBackbone
{
    // Holds no per-run state; shared by every run of every backbone (ONNX Runtime rejects a null one).
    private static readonly RunOptions SharedRunOptions = new();

    private readonly InferenceSession _session;
    private readonly float[] _mean;
    private readonly float[] _inverseDeviationNeeded;
    private readonly string[] _outputNames;

    /// <summary>
    /// Cheap: takes a session already opened and checked by <see cref="Load"/> (reached through
    /// <see cref="Backbone.FromOnnx"/>) and only sets up the arithmetic; no file is read here.
    /// </summary>
    private OnnxBackbone(OnnxBackboneOptions options, string sha256, string name, OnnxSessionCache.CachedSession session, int inputWidth, int inputHeight)
    {
        Options = options;
        Sha256 = sha256;
        Name = name;
        _session = session.Session;
        ActiveExecutionProvider = session.Provider;
        FallbackReason = session.FallbackReason;
        InputWidth = inputWidth;
        InputHeight = inputHeight;
        _outputNames = [options.PooledOutputName, options.MapOutputName];
        (_mean, _inverseDeviationNeeded) = PrepareArithmetic(options.Preprocessing, InputWidth * InputHeight);
        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('|',
            "jdml-backbone-v1", Sha256, options.InputName, options.PooledOutputName, options.MapOutputName,
            $"{InputWidth}x{InputHeight}", options.ResizePolicy, options.Preprocessing.Describe()))));
    }

    /// <summary>
    /// The I/O behind <see cref="Backbone.FromOnnx"/>: validates the options, hashes the file, edits the graph and
    /// opens (or reuses) a session, checks the input size against the model, and runs a one-image probe.
    /// </summary>
    internal static OnnxBackbone Load(OnnxBackboneOptions options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        logger ??= NullLogger.Instance;
        OptionsValidator.Validate(nameof(OnnxBackboneOptions), options.Collect, nameof(options));

        var path = Path.GetFullPath(options.ModelPath);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Backbone model not found: {path}", path);
        }

        var sha256 = OnnxSessionCache.FileSha256(path);
        var name = options.Name ?? Path.GetFileNameWithoutExtension(path);
        var sessionKey = string.Join('|', sha256, options.InputName, options.PooledOutputName, options.MapOutputName,
            options.EffectiveIntraOpThreads.ToString(CultureInfo.InvariantCulture), options.ExecutionProvider, options.CudaDeviceId.ToString(CultureInfo.InvariantCulture),
            $"{options.InputWidth}x{options.InputHeight}");
        var cached = OnnxSessionCache.GetOrCreate(sessionKey, () =>
        {
            var graph = OnnxGraphEditor.Prepare(File.ReadAllBytes(path), path, options.InputName, options.PooledOutputName, options.MapOutputName, options.InputWidth, options.InputHeight);
            try
            {
                return OnnxSessionCache.Create(graph.Model, options, logger);
            }
            catch (OnnxRuntimeException e) when (graph.Resized)
            {
                throw new InvalidInputException(path, null, $"the network, made for {graph.Width}×{graph.Height} input, cannot run at {options.InputWidth}×{options.InputHeight}: {e.Message}", e);
            }
        });
        if (cached.FallbackReason is not null)
        {
            // A shared session may have fallen back for an earlier backbone; say so for this one too.
            BackboneLog.ExecutionProviderFallback(logger, cached.FallbackReason, null);
        }

        int? modelWidth = null;
        int? modelHeight = null;
        var inputDims = cached.Session.InputMetadata[options.InputName].Dimensions;
        if (inputDims.Length == 4)
        {
            modelHeight = inputDims[2] > 0 ? inputDims[2] : null;
            modelWidth = inputDims[3] > 0 ? inputDims[3] : null;
        }

        var inputWidth = options.InputWidth ?? modelWidth ?? 0;
        var inputHeight = options.InputHeight ?? modelHeight ?? 0;
        var sizeErrors = new OptionsValidator($"{nameof(OnnxBackboneOptions)} for {path}");
        if (inputWidth == 0 || inputHeight == 0)
        {
            sizeErrors.Add($"The model does not fix its input size; set {nameof(OnnxBackboneOptions.InputWidth)} and {nameof(OnnxBackboneOptions.InputHeight)}.");
        }
        else if ((modelWidth is not null && modelWidth != inputWidth) || (modelHeight is not null && modelHeight != inputHeight))
        {
            sizeErrors.Add($"The model takes {modelWidth}×{modelHeight} input, but the options ask for {inputWidth}×{inputHeight}.");
        }
        else
        {
            options.Preprocessing.Collect(sizeErrors, inputWidth, inputHeight);
        }

        sizeErrors.ThrowIfInvalid(nameof(options));
        var backbone = new OnnxBackbone(options, sha256, name, cached, inputWidth, inputHeight);
        (backbone.FeatureDimension, backbone.MapShape) = backbone.ProbeOutputShapes(path);
        return backbone;
    }

    /// <summary>The options this backbone was built from.</summary>
    public OnnxBackboneOptions Options { get; }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string Sha256 { get; }

    /// <inheritdoc />
    public string Fingerprint { get; }

    /// <inheritdoc />
    public int FeatureDimension { get; private set; }

    /// <inheritdoc />
    public FeatureMapShape MapShape { get; private set; }

    /// <inheritdoc />
    public int InputWidth { get; }

    /// <inheritdoc />
    public int InputHeight { get; }

    /// <summary>Where the session actually runs (the CPU after a CUDA request that could not load).</summary>
    public BackboneExecutionProvider ActiveExecutionProvider { get; }

    /// <summary>Why a CUDA request runs on the CPU; null when it runs where asked.</summary>
    public string? FallbackReason { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="images"/> or one of its items is null.</exception>
    public BackboneOutput[] Featurize(IReadOnlyList<GrayImage> images) => Run(images, Prepare, null, CancellationToken.None);

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="images"/> or one of its items is null.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public Task<BackboneOutput[]> FeaturizeAsync(IReadOnlyList<GrayImage> images, IProgress<FeaturizationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        return Task.Run(() => Run(images, Prepare, progress, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public ResizePolicy ResizePolicy => Options.ResizePolicy;

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
    public BackboneInput ToInput(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var pixels = new byte[InputWidth * InputHeight];
        BackboneImageResizer.Resize(image, InputWidth, InputHeight, Options.ResizePolicy, pixels);
        var (x, y, width, height) = BackboneImageResizer.DestinationRectangle(image.Width, image.Height, InputWidth, InputHeight, Options.ResizePolicy);
        var content = new PixelBox(x, y, width, height).ClipTo(InputWidth, InputHeight);
        return new BackboneInput(new GrayImage(InputWidth, InputHeight, pixels), content.Area > 0 ? content : new PixelBox(0, 0, InputWidth, InputHeight));
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> or one of its items is null.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public Task<BackboneOutput[]> FeaturizeInputsAsync(IReadOnlyList<GrayImage> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i] is { } input && (input.Width != InputWidth || input.Height != InputHeight))
            {
                throw new ArgumentException($"Input {i} is {input.Width}×{input.Height}; the backbone's input grid is {InputWidth}×{InputHeight}.", nameof(inputs));
            }
        }

        return Task.Run(() => Run(inputs, (input, destination) => Normalize(input.Pixels, destination), null, cancellationToken), cancellationToken);
    }

    /// <summary>Resizes and normalises one image into its slot of an input tensor (3 × H × W floats).</summary>
    internal void Prepare(GrayImage image, Span<float> destination)
    {
        var timings = PipelineStageTimings.Current;
        var clock = timings is null ? 0 : PipelineStageTimings.Now();
        var resized = new byte[InputWidth * InputHeight];
        BackboneImageResizer.Resize(image, InputWidth, InputHeight, Options.ResizePolicy, resized);
        timings?.Add(PipelineStage.Resize, ref clock);
        Normalize(resized, destination);
    }

    /// <summary>Normalises input-grid pixels into their slot of an input tensor (3 × H × W floats).</summary>
    private void Normalize(ReadOnlySpan<byte> resized, Span<float> destination)
    {
        var timings = PipelineStageTimings.Current;
        var clock = timings is null ? 0 : PipelineStageTimings.Now();
        var plane = InputWidth * InputHeight;
        var scale = Options.Preprocessing.PixelScale;
        for (var c = 0; c < 3; c++)
        {
            var mean = _mean.AsSpan(c * plane, plane);
            var target = destination.Slice(c * plane, plane);
            var deviation = _inverseDeviationNeeded[c];
            for (var i = 0; i < plane; i++)
            {
                // Same operations in the same order as ML.NET's preprocess graph; ×1 and ÷1 are exact in IEEE floats.
                target[i] = ((resized[i] * scale) - mean[i]) / deviation;
            }
        }

        timings?.Add(PipelineStage.Tensor, ref clock);
    }

    /// <summary>Runs prepared input tensors ([count, 3, H, W]) through the session and splits the outputs per image.</summary>
    internal BackboneOutput[] RunTensor(float[] input, int count)
    {
        var timings = PipelineStageTimings.Current;
        var clock = timings is null ? 0 : PipelineStageTimings.Now();
        var perImage = 3 * InputWidth * InputHeight;
        using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.AsMemory(0, count * perImage), [count, 3, InputHeight, InputWidth]);
        using var results = _session.Run(SharedRunOptions, [Options.InputName], [value], _outputNames);
        var pooled = results[0].GetTensorDataAsSpan<float>();
        var map = results[1].GetTensorDataAsSpan<float>();
        var pooledLength = pooled.Length / count;
        var mapLength = map.Length / count;
        var shape = MapShape == default ? MapShapeOf(results[1], Options.MapOutputName) : MapShape;
        var outputs = new BackboneOutput[count];
        for (var i = 0; i < count; i++)
        {
            outputs[i] = new BackboneOutput(pooled.Slice(i * pooledLength, pooledLength).ToArray(), map.Slice(i * mapLength, mapLength).ToArray(), shape);
        }

        timings?.Add(PipelineStage.Inference, ref clock, count);

        return outputs;
    }

    private BackboneOutput[] Run(IReadOnlyList<GrayImage> images, PrepareInto prepare, IProgress<FeaturizationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(images);
        for (var i = 0; i < images.Count; i++)
        {
            if (images[i] is null)
            {
                throw new ArgumentNullException(nameof(images), $"Image {i} is null.");
            }
        }

        var perImage = 3 * InputWidth * InputHeight;
        var batchSize = Options.BatchSize;
        var outputs = new BackboneOutput[images.Count];
        if (images.Count == 0)
        {
            return outputs;
        }

        // Two input buffers: the next batch is resized and normalised while ONNX Runtime runs this one, which fills
        // the gaps its non-spinning workers leave between operators.
        var bufferLength = Math.Min(batchSize, images.Count) * perImage;
        float[][] buffers = [new float[bufferLength], new float[bufferLength]];
        Task PrepareBatch(int start, float[] buffer) => Task.Run(
            () => Parallel.For(0, Math.Min(batchSize, images.Count - start), i => prepare(images[start + i], buffer.AsSpan(i * perImage, perImage))),
            cancellationToken);

        var pending = PrepareBatch(0, buffers[0]);
        for (int start = 0, batch = 0; start < images.Count; start += batchSize, batch++)
        {
            pending.GetAwaiter().GetResult();
            cancellationToken.ThrowIfCancellationRequested();
            var next = start + batchSize;
            pending = next < images.Count ? PrepareBatch(next, buffers[(batch + 1) % 2]) : Task.CompletedTask;
            try
            {
                var count = Math.Min(batchSize, images.Count - start);
                RunTensor(buffers[batch % 2], count).CopyTo(outputs, start);
                progress?.Report(new FeaturizationProgress(start + count, images.Count));
            }
            catch
            {
                // Let the preparation in flight finish before its buffer is abandoned; its own failure, if any, is
                // secondary to this one, so wait without observing it.
                ((IAsyncResult)pending).AsyncWaitHandle.WaitOne();
                throw;
            }
        }

        return outputs;
    }

    private delegate void PrepareInto(GrayImage image, Span<float> destination);

    private (int FeatureDimension, FeatureMapShape MapShape) ProbeOutputShapes(string path)
    {
        // A one-image forward pass: exact shapes even where the graph leaves them symbolic, and an early failure
        // (with the file named) when the names point at tensors of the wrong kind.
        try
        {
            var output = RunTensor(new float[3 * InputWidth * InputHeight], 1)[0];
            return (output.Pooled.Length, output.MapShape);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidInputException(path, null, $"a test inference failed: {e.Message}", e);
        }
    }

    private static FeatureMapShape MapShapeOf(OrtValue value, string name)
    {
        var dims = value.GetTensorTypeAndShape().Shape;
        return dims.Length == 4
            ? new FeatureMapShape((int)dims[1], (int)dims[2], (int)dims[3])
            : throw new InvalidOperationException($"The map output '{name}' has rank {dims.Length}; a feature map is [N, C, H, W].");
    }

    private static (float[] Mean, float[] Deviation) PrepareArithmetic(BackbonePreprocessing preprocessing, int plane)
    {
        var mean = new float[3 * plane];
        if (preprocessing.MeanImage is { } image)
        {
            for (var i = 0; i < mean.Length; i++)
            {
                mean[i] = image[i];
            }
        }
        else
        {
            for (var c = 0; c < 3; c++)
            {
                mean.AsSpan(c * plane, plane).Fill(preprocessing.Mean[c]);
            }
        }

        return (mean, [.. preprocessing.StandardDeviation]);
    }
}
