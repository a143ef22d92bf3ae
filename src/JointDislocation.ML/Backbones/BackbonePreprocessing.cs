using Onnx;

namespace JointDislocation.ML.Backbones;

/// <summary>
/// How 8-bit pixels become the backbone's input values. A grayscale pixel <c>g</c> is replicated to all three colour
/// planes, then for plane <c>c</c> (in <see cref="ChannelOrder"/>) and position <c>p</c>:
/// <c>value = (g × PixelScale − mean) / StandardDeviation[c]</c>, where <c>mean</c> is
/// <see cref="MeanImage"/>[c, p] when a mean image is given and <see cref="Mean"/>[c] otherwise.
/// </summary>
/// <remarks>
/// With a scale and deviations of exactly 1 the arithmetic is one float subtraction per value, which is bit-identical to
/// ML.NET's separate preprocess model (a <c>Sub</c> node); that is why ResNet18's preprocessing lives here and not in
/// the graph.
/// </remarks>
public sealed record BackbonePreprocessing
{
    /// <summary>The order of the colour planes in the input tensor.</summary>
    /// <value>Default <see cref="ChannelOrder.Rgb"/>.</value>
    public ChannelOrder ChannelOrder { get; init; } = ChannelOrder.Rgb;

    /// <summary>Multiplies the 0–255 pixel first (1/255 for networks trained on 0–1 input).</summary>
    /// <value>Default 1.</value>
    public float PixelScale { get; init; } = 1f;

    /// <summary>Per-plane mean subtracted after scaling, in <see cref="ChannelOrder"/>; three values.</summary>
    /// <value>Default 0, 0, 0.</value>
    public IReadOnlyList<float> Mean { get; init; } = [0f, 0f, 0f];

    /// <summary>Per-plane divisor applied last, in <see cref="ChannelOrder"/>; three positive values.</summary>
    /// <value>Default 1, 1, 1.</value>
    public IReadOnlyList<float> StandardDeviation { get; init; } = [1f, 1f, 1f];

    /// <summary>
    /// A per-pixel mean (3 × height × width, planes in <see cref="ChannelOrder"/>), used instead of <see cref="Mean"/>
    /// when set; its size must match the backbone's input.
    /// </summary>
    /// <value>Default none.</value>
    public IReadOnlyList<float>? MeanImage { get; init; }

    /// <summary>Pixels passed through as 0–255 values in RGB order.</summary>
    public static BackbonePreprocessing None { get; } = new();

    /// <summary>torchvision's ImageNet normalisation: RGB, scaled to 0–1, mean (0.485, 0.456, 0.406), deviation (0.229, 0.224, 0.225).</summary>
    public static BackbonePreprocessing ImageNet { get; } = new()
    {
        PixelScale = 1f / 255f,
        Mean = [0.485f, 0.456f, 0.406f],
        StandardDeviation = [0.229f, 0.224f, 0.225f],
    };

    /// <summary>
    /// Reads a Caffe-style preprocess model — planar RGB in, <c>Split</c> into planes, <c>Concat</c> in a new order,
    /// <c>Sub</c> a constant mean image — such as ML.NET's <c>ResNetPreprocess.onnx</c>, and returns the same
    /// arithmetic as options.
    /// </summary>
    /// <param name="path">The preprocess model.</param>
    /// <returns>The equivalent preprocessing.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidInputException">The model is not of that form.</exception>
    public static BackbonePreprocessing FromMeanImageModel(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Preprocess model not found: {path}", path);
        }

        var graph = OnnxModelFile.Read(path).Graph;
        var split = graph.Node.SingleOrDefault(n => n.OpType == "Split");
        var concat = graph.Node.SingleOrDefault(n => n.OpType == "Concat");
        var sub = graph.Node.SingleOrDefault(n => n.OpType == "Sub");
        if (graph.Node.Count != 3 || split is null || concat is null || sub is null || split.Output.Count != 3 || concat.Input.Count != 3)
        {
            throw new InvalidInputException(path, null, "expected exactly Split (3 planes) → Concat → Sub(mean image)");
        }

        // Concat lists the Split outputs (R, G, B) in the order the network wants them.
        var order = concat.Input.Select(name => split.Output.IndexOf(name)).ToArray();
        ChannelOrder channelOrder = order switch
        {
            [0, 1, 2] => ChannelOrder.Rgb,
            [2, 1, 0] => ChannelOrder.Bgr,
            _ => throw new InvalidInputException(path, null, $"unsupported plane order {string.Join(",", concat.Input)}"),
        };

        var meanName = sub.Input.Count == 2 && sub.Input[0] == concat.Output[0]
            ? sub.Input[1]
            : throw new InvalidInputException(path, null, "Sub must subtract a constant from the reordered planes");
        var mean = graph.Initializer.SingleOrDefault(t => t.Name == meanName)
            ?? throw new InvalidInputException(path, null, $"the mean image '{meanName}' is not a constant of the model");
        return new BackbonePreprocessing { ChannelOrder = channelOrder, MeanImage = ReadFloats(mean, path) };
    }

    /// <summary>
    /// The same preprocessing with its mean image resampled (bilinear, pixel centres aligned) from one input size to
    /// another, for a network run at another input size than it was trained at. Without a mean image it is returned
    /// unchanged.
    /// </summary>
    /// <param name="fromWidth">The mean image's width.</param>
    /// <param name="fromHeight">The mean image's height.</param>
    /// <param name="toWidth">The new width.</param>
    /// <param name="toHeight">The new height.</param>
    /// <returns>The preprocessing for the new size.</returns>
    /// <exception cref="ArgumentException">The mean image does not hold 3 × <paramref name="fromWidth"/> × <paramref name="fromHeight"/> values, or a size is below 1.</exception>
    public BackbonePreprocessing WithMeanImageResampled(int fromWidth, int fromHeight, int toWidth, int toHeight)
    {
        if (MeanImage is not { } image)
        {
            return this;
        }

        if (fromWidth < 1 || fromHeight < 1 || toWidth < 1 || toHeight < 1 || image.Count != 3L * fromWidth * fromHeight)
        {
            throw new ArgumentException($"A mean image of {image.Count} values cannot be resampled from {fromWidth}×{fromHeight} to {toWidth}×{toHeight}.");
        }

        var resampled = new float[3 * toWidth * toHeight];
        for (var c = 0; c < 3; c++)
        {
            var source = c * fromWidth * fromHeight;
            var target = c * toWidth * toHeight;
            for (var y = 0; y < toHeight; y++)
            {
                var (y0, y1, fy) = Tap(y, fromHeight, toHeight);
                for (var x = 0; x < toWidth; x++)
                {
                    var (x0, x1, fx) = Tap(x, fromWidth, toWidth);
                    var top = (image[source + (y0 * fromWidth) + x0] * (1 - fx)) + (image[source + (y0 * fromWidth) + x1] * fx);
                    var bottom = (image[source + (y1 * fromWidth) + x0] * (1 - fx)) + (image[source + (y1 * fromWidth) + x1] * fx);
                    resampled[target + (y * toWidth) + x] = (float)((top * (1 - fy)) + (bottom * fy));
                }
            }
        }

        return this with { MeanImage = resampled };

        static (int Low, int High, double Fraction) Tap(int index, int from, int to)
        {
            var at = Math.Clamp(((index + 0.5) * from / to) - 0.5, 0, from - 1);
            var low = (int)Math.Floor(at);
            return (low, Math.Min(low + 1, from - 1), at - low);
        }
    }

    internal static float[] ReadFloats(TensorProto tensor, string path)
    {
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float)
        {
            throw new InvalidInputException(path, null, $"tensor '{tensor.Name}' is not float");
        }

        var count = tensor.Dims.Aggregate(1L, (a, b) => a * b);
        float[] values;
        if (tensor.FloatData.Count > 0)
        {
            values = [.. tensor.FloatData];
        }
        else
        {
            // Raw data is little-endian IEEE floats by the ONNX specification.
            var raw = tensor.RawData.Span;
            values = new float[raw.Length / sizeof(float)];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(i * sizeof(float), sizeof(float)));
            }
        }

        return values.Length == count
            ? values
            : throw new InvalidInputException(path, null, $"tensor '{tensor.Name}' holds {values.Length} values for {count} elements");
    }

    internal void Collect(OptionsValidator problems, int inputWidth, int inputHeight)
    {
        if (!float.IsFinite(PixelScale) || PixelScale <= 0)
        {
            problems.Add($"Preprocessing.PixelScale must be a positive number, got {PixelScale}.");
        }

        if (Mean is null || Mean.Count != 3 || Mean.Any(m => !float.IsFinite(m)))
        {
            problems.Add($"Preprocessing.Mean must hold three finite values.");
        }

        if (StandardDeviation is null || StandardDeviation.Count != 3 || StandardDeviation.Any(s => !float.IsFinite(s) || s <= 0))
        {
            problems.Add($"Preprocessing.StandardDeviation must hold three positive values.");
        }

        if (MeanImage is not null && MeanImage.Count != 3L * inputWidth * inputHeight)
        {
            problems.Add($"Preprocessing.MeanImage holds {MeanImage.Count} values; an input of {inputWidth}×{inputHeight} needs {3L * inputWidth * inputHeight}.");
        }

        if (!Enum.IsDefined(ChannelOrder))
        {
            problems.Add($"Preprocessing.ChannelOrder {ChannelOrder} is not defined.");
        }
    }

    /// <summary>A stable text that changes whenever the arithmetic changes (part of the backbone fingerprint).</summary>
    internal string Describe()
    {
        var mean = MeanImage is null
            ? string.Join(",", Mean.Select(m => m.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))
            : "image:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(MeanImage.ToArray().AsSpan())));
        var std = string.Join(",", StandardDeviation.Select(s => s.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        return $"{ChannelOrder};scale={PixelScale.ToString("R", System.Globalization.CultureInfo.InvariantCulture)};mean={mean};std={std}";
    }
}
