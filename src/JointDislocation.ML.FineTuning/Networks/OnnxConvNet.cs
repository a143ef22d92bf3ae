using System.Text;
using Google.Protobuf;
using JointDislocation.ML.Backbones;
using JointDislocation.ML.FineTuning.Native;
using Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace JointDislocation.ML.FineTuning.Networks;

/// <summary>
/// A convolutional network rebuilt in TorchSharp from an ONNX graph, node by node, with the graph's initializers as its
/// parameters: so the network that is fine-tuned is exactly the one the ONNX backbone runs (for ML.NET's ResNet18, a
/// CNTK export with stages [2, 2, 2, 3], asymmetric padding and unfolded batch normalisation, which TorchVision's
/// <c>resnet18()</c> does not match).
/// </summary>
/// <remarks>
/// Supported operators (opset 8 and later forms of them): <c>Conv</c>, <c>BatchNormalization</c>, <c>Relu</c>,
/// <c>MaxPool</c>, <c>AveragePool</c>, <c>GlobalAveragePool</c>, <c>Add</c>, <c>Sum</c>, <c>Flatten</c>. Only the
/// nodes the pooled and map outputs depend on are built. Convolution weights and biases and batch-norm scales and
/// shifts become trainable parameters; batch-norm means and variances become buffers, updated in training mode with the
/// graph's momentum. Parameter and buffer names are the initializer names (see <see cref="InitializerOf"/>).
/// </remarks>
public sealed class OnnxConvNet : nn.Module<Tensor, Tensor>
{
    private readonly List<GraphStep> _steps;
    private readonly Dictionary<string, string> _initializerOfMember;

    private OnnxConvNet(string name, string source, string inputName, string pooledName, string mapName, List<GraphStep> steps, Dictionary<string, string> initializerOfMember)
        : base(name)
    {
        Source = source;
        InputName = inputName;
        PooledName = pooledName;
        MapName = mapName;
        _steps = steps;
        _initializerOfMember = initializerOfMember;
    }

    /// <summary>The ONNX file the network was built from.</summary>
    public string Source { get; }

    /// <summary>The graph input the network takes ([N, 3, H, W], preprocessed like the ONNX backbone's input).</summary>
    public string InputName { get; }

    /// <summary>The graph tensor returned as pooled features (flattened to [N, C]).</summary>
    public string PooledName { get; }

    /// <summary>The graph tensor returned as the last convolutional map ([N, C, h, w]).</summary>
    public string MapName { get; }

    /// <summary>The ONNX operator types of the built nodes, in execution order.</summary>
    public IReadOnlyList<string> Operators => _steps.Select(s => s.Node.OpType).ToList();

    /// <summary>The graph tensor each built node computes, in execution order (parallel to <see cref="Operators"/>).</summary>
    public IReadOnlyList<string> Outputs => _steps.Select(s => s.Node.Output[0]).ToList();

    /// <summary>Builds the network of an ONNX backbone's options (its model file and tensor names).</summary>
    /// <param name="options">The backbone's options, such as <see cref="Backbone.ResNet18Options(string?)"/>.</param>
    /// <returns>The network, in training mode (call <c>eval()</c> for inference).</returns>
    /// <exception cref="InvalidInputException">The file is not an ONNX model, lacks the named tensors or uses an operator or attribute this builder does not support.</exception>
    public static OnnxConvNet FromBackbone(OnnxBackboneOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Load(options.ModelPath, options.InputName, options.PooledOutputName, options.MapOutputName, options.InputWidth, options.InputHeight);
    }

    /// <summary>Builds the network from an ONNX file.</summary>
    /// <param name="path">The ONNX file.</param>
    /// <param name="inputName">The image input.</param>
    /// <param name="pooledName">The pooled feature tensor.</param>
    /// <param name="mapName">The last convolutional map.</param>
    /// <param name="width">The input width to run at when the graph fixes another (the backbone's
    /// <see cref="OnnxBackboneOptions.InputWidth"/>); <see langword="null"/> for the graph's own.</param>
    /// <param name="height">The input height likewise.</param>
    /// <returns>The network, in training mode (call <c>eval()</c> for inference).</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidInputException">The file is not an ONNX model, lacks the named tensors or uses an operator or attribute this builder does not support.</exception>
    /// <remarks>Re-sized as ONNX Runtime runs it (the fixed-window average pool that gives the pooled features
    /// becomes a global one), with the same weights: <see cref="OnnxWeightExporter"/> writes them back into the file's
    /// own graph, which the backbone re-sizes again when it loads.</remarks>
    public static OnnxConvNet Load(string path, string inputName, string pooledName, string mapName, int? width = null, int? height = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        TorchSharpNativeLoader.EnsureLoaded();
        var graph = OnnxModelFile.Read(path).Graph;
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var input = graph.Input.FirstOrDefault(i => i.Name == inputName)
            ?? throw new InvalidInputException(path, null, $"no graph input named '{inputName}'");
        if (width is { } w && height is { } h)
        {
            OnnxGraphEditor.ResizeIfFixedOtherwise(graph, input, pooledName, w, h, path);
        }

        var needed = NeededNodes(graph, path, [pooledName, mapName]);
        var steps = new List<GraphStep>();
        var parameters = new List<(string Name, Parameter Value)>();
        var buffers = new List<(string Name, Tensor Value)>();
        var members = new Dictionary<string, string>(StringComparer.Ordinal);

        Tensor Initializer(NodeProto node, int index)
        {
            if (index >= node.Input.Count || !initializers.TryGetValue(node.Input[index], out var proto))
            {
                throw new InvalidInputException(path, null, $"node '{node.Name}' ({node.OpType}): input {index} is not an initializer; only constant weights are supported");
            }

            var values = BackbonePreprocessing.ReadFloats(proto, path);
            return tensor(values, proto.Dims.ToArray());
        }

        string AddParameter(NodeProto node, int index)
        {
            var member = MemberName(node.Input[index]);
            if (!members.ContainsKey(member))
            {
                parameters.Add((member, new Parameter(Initializer(node, index), requires_grad: true)));
                members[member] = node.Input[index];
            }

            return member;
        }

        string AddBuffer(NodeProto node, int index)
        {
            var member = MemberName(node.Input[index]);
            if (!members.ContainsKey(member))
            {
                buffers.Add((member, Initializer(node, index)));
                members[member] = node.Input[index];
            }

            return member;
        }

        foreach (var node in needed)
        {
            var attributes = node.Attribute.ToDictionary(a => a.Name, StringComparer.Ordinal);
            var autoPad = attributes.TryGetValue("auto_pad", out var pad) ? pad.S.ToStringUtf8() : "NOTSET";
            if (autoPad is not ("NOTSET" or "VALID" or ""))
            {
                throw new InvalidInputException(path, null, $"node '{node.Name}' ({node.OpType}): auto_pad={autoPad} is not supported; explicit pads are");
            }

            long[] Ints(string name, long[] fallback) => attributes.TryGetValue(name, out var a) && a.Ints.Count > 0 ? a.Ints.ToArray() : fallback;
            float Float(string name, float fallback) => attributes.TryGetValue(name, out var a) ? a.F : fallback;
            long Int(string name, long fallback) => attributes.TryGetValue(name, out var a) ? a.I : fallback;

            switch (node.OpType)
            {
                case "Conv":
                    steps.Add(new GraphStep(node)
                    {
                        Weight = AddParameter(node, 1),
                        Bias = node.Input.Count > 2 && node.Input[2].Length > 0 ? AddParameter(node, 2) : null,
                        Strides = Ints("strides", [1, 1]),
                        Pads = Ints("pads", [0, 0, 0, 0]),
                        Dilations = Ints("dilations", [1, 1]),
                        Group = Int("group", 1),
                    });
                    break;
                case "BatchNormalization":
                    steps.Add(new GraphStep(node)
                    {
                        Weight = AddParameter(node, 1),
                        Bias = AddParameter(node, 2),
                        RunningMean = AddBuffer(node, 3),
                        RunningVariance = AddBuffer(node, 4),
                        Epsilon = Float("epsilon", 1e-5f),
                        // ONNX keeps momentum × running + (1 − momentum) × batch; torch weighs the batch by its momentum.
                        Momentum = 1.0 - Float("momentum", 0.9f),
                    });
                    break;
                case "MaxPool" or "AveragePool":
                    if (Int("ceil_mode", 0) != 0)
                    {
                        throw new InvalidInputException(path, null, $"node '{node.Name}' ({node.OpType}): ceil_mode=1 is not supported");
                    }

                    var kernel = Ints("kernel_shape", []);
                    steps.Add(new GraphStep(node)
                    {
                        Kernel = kernel,
                        Strides = Ints("strides", [1, 1]),
                        Pads = Ints("pads", [0, 0, 0, 0]),
                        CountIncludePad = Int("count_include_pad", 0) != 0,
                    });
                    break;
                case "Relu" or "Add" or "Sum" or "GlobalAveragePool":
                    steps.Add(new GraphStep(node));
                    break;
                case "Flatten":
                    steps.Add(new GraphStep(node) { Axis = Int("axis", 1) });
                    break;
                default:
                    throw new InvalidInputException(path, null, $"node '{node.Name}' uses operator {node.OpType}, which the TorchSharp rebuild does not support (supported: Conv, BatchNormalization, Relu, MaxPool, AveragePool, GlobalAveragePool, Add, Sum, Flatten)");
            }

            if (steps[^1].Kernel is { Length: not 2 } || steps[^1].Strides is { Length: not 2 } || steps[^1].Pads is { Length: not 4 })
            {
                throw new InvalidInputException(path, null, $"node '{node.Name}' ({node.OpType}): only 2-D kernels, strides and pads are supported");
            }
        }

        var network = new OnnxConvNet("onnx_conv_net", path, inputName, pooledName, mapName, steps, members);
        foreach (var (name, value) in parameters)
        {
            network.register_parameter(name, value);
        }

        foreach (var (name, value) in buffers)
        {
            network.register_buffer(name, value);
        }

        return network;
    }

    /// <summary>The ONNX initializer a parameter or buffer was loaded from.</summary>
    /// <param name="memberName">A name from <c>named_parameters()</c> or <c>named_buffers()</c>.</param>
    /// <returns>The initializer's name.</returns>
    /// <exception cref="KeyNotFoundException">The name is not a member of this network.</exception>
    public string InitializerOf(string memberName) =>
        _initializerOfMember.TryGetValue(memberName, out var name) ? name : throw new KeyNotFoundException($"'{memberName}' is not a parameter or buffer of this network.");

    /// <summary>The pooled features ([N, C]) of a batch of preprocessed images ([N, 3, H, W]).</summary>
    /// <param name="input">Images preprocessed exactly as the ONNX backbone's input.</param>
    /// <returns>The pooled features.</returns>
    public override Tensor forward(Tensor input) => ForwardBoth(input).Pooled;

    /// <summary>The pooled features ([N, C]) and the last convolutional map ([N, C, h, w]) from one pass.</summary>
    /// <param name="input">Images preprocessed exactly as the ONNX backbone's input.</param>
    /// <returns>Both outputs.</returns>
    public (Tensor Pooled, Tensor Map) ForwardBoth(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return RunSteps(InputName, input, 0, _steps.Count, training);
    }

    /// <summary>
    /// The graph tensor that enters the last residual block: the last tensor before the final <c>Add</c> (or
    /// <c>Sum</c>) through which everything after it flows, so that the steps after it need nothing else. For our
    /// ResNet18 this is the 512 × 7 × 7 output of the second block of the last stage; the name is read from the graph.
    /// </summary>
    /// <returns>The tensor's name in the graph.</returns>
    /// <exception cref="InvalidOperationException">The graph has no residual addition with a single entry before it.</exception>
    public string LastBlockInput()
    {
        var lastAdd = _steps.FindLastIndex(s => s.Node.OpType is "Add" or "Sum");
        for (var cut = lastAdd - 1; cut >= 0; cut--)
        {
            if (IsCut(cut))
            {
                return _steps[cut].Node.Output[0];
            }
        }

        throw new InvalidOperationException($"The graph of {Source} has no residual block whose input is a single tensor.");
    }

    /// <summary>
    /// Runs the network from its input up to <paramref name="cut"/>, always with batch normalisation in eval mode
    /// (running statistics), as frozen layers run whatever the module's mode; call it under <c>torch.no_grad()</c>.
    /// </summary>
    /// <param name="input">Images preprocessed exactly as the ONNX backbone's input.</param>
    /// <param name="cut">A graph tensor, such as <see cref="LastBlockInput"/>.</param>
    /// <returns>The tensor named <paramref name="cut"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="cut"/> is not computed by a built step.</exception>
    public Tensor ForwardTo(Tensor input, string cut)
    {
        ArgumentNullException.ThrowIfNull(input);
        var end = StepOf(cut);
        using var scope = NewDisposeScope();
        var values = RunValues(InputName, input, 0, end + 1, train: false);
        return values[cut].MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Runs the steps after <paramref name="cut"/> on its value (from <see cref="ForwardTo"/>), with batch
    /// normalisation in the module's mode: the trainable tail of last-block fine-tuning.
    /// </summary>
    /// <param name="cut">A graph tensor after which nothing earlier is needed (<see cref="LastBlockInput"/>).</param>
    /// <param name="value">The tensor's value for a batch.</param>
    /// <returns>The pooled features and the last map.</returns>
    /// <exception cref="ArgumentException"><paramref name="cut"/> is not computed by a built step, or later steps need more than it.</exception>
    public (Tensor Pooled, Tensor Map) ForwardFrom(string cut, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var start = StepOf(cut);
        if (!IsCut(start))
        {
            throw new ArgumentException($"Steps after '{cut}' need other tensors computed before it.", nameof(cut));
        }

        return RunSteps(cut, value, start + 1, _steps.Count, training);
    }

    /// <summary>The parameters the steps after <paramref name="cut"/> use: what last-block fine-tuning trains.</summary>
    /// <param name="cut">A graph tensor (<see cref="LastBlockInput"/>).</param>
    /// <returns>The parameters, in registration order.</returns>
    public IReadOnlyList<Parameter> ParametersAfter(string cut)
    {
        var start = StepOf(cut);
        var used = _steps.Skip(start + 1).SelectMany(s => new[] { s.Weight, s.Bias }).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return named_parameters().Where(p => used.Contains(p.name)).Select(p => p.parameter).ToList();
    }

    private int StepOf(string tensorName)
    {
        var index = _steps.FindIndex(s => s.Node.Output[0] == tensorName);
        return index >= 0 ? index : throw new ArgumentException($"No built step computes '{tensorName}'.", nameof(tensorName));
    }

    /// <summary>Whether every step after <paramref name="index"/> reads only that step's output or later ones.</summary>
    private bool IsCut(int index)
    {
        var available = new HashSet<string>(StringComparer.Ordinal) { _steps[index].Node.Output[0] };
        var computed = _steps.Select(s => s.Node.Output[0]).Append(InputName).ToHashSet(StringComparer.Ordinal);
        for (var i = index + 1; i < _steps.Count; i++)
        {
            if (_steps[i].Node.Input.Any(input => computed.Contains(input) && !available.Contains(input)))
            {
                return false;
            }

            available.Add(_steps[i].Node.Output[0]);
        }

        return true;
    }

    private (Tensor Pooled, Tensor Map) RunSteps(string startName, Tensor start, int from, int to, bool train)
    {
        using var scope = NewDisposeScope();
        var values = RunValues(startName, start, from, to, train);
        var pooled = values[PooledName].flatten(1);
        return (pooled.MoveToOuterDisposeScope(), values[MapName].MoveToOuterDisposeScope());
    }

    private Dictionary<string, Tensor> RunValues(string startName, Tensor start, int from, int to, bool train)
    {
        var values = new Dictionary<string, Tensor>(StringComparer.Ordinal) { [startName] = start };
        var members = named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter, StringComparer.Ordinal);
        foreach (var (name, buffer) in named_buffers())
        {
            members[name] = buffer;
        }

        for (var i = from; i < to; i++)
        {
            var step = _steps[i];
            values[step.Node.Output[0]] = Run(step, step.Node.Input.Where(values.ContainsKey).Select(v => values[v]).ToArray(), members, train);
        }

        return values;
    }

    private static Tensor Run(GraphStep step, Tensor[] inputs, Dictionary<string, Tensor> members, bool train)
    {
        var x = inputs[0];
        switch (step.Node.OpType)
        {
            case "Conv":
                x = PadAsymmetric(x, step.Pads!, 0.0, out var convPadding);
                return nn.functional.conv2d(x, members[step.Weight!], step.Bias is null ? null : members[step.Bias], step.Strides, convPadding, step.Dilations, step.Group);
            case "BatchNormalization":
                return nn.functional.batch_norm(x, members[step.RunningMean!], members[step.RunningVariance!], members[step.Weight!], members[step.Bias!], train, step.Momentum, step.Epsilon);
            case "Relu":
                return nn.functional.relu(x);
            case "MaxPool":
                x = PadAsymmetric(x, step.Pads!, double.NegativeInfinity, out var maxPadding);
                return nn.functional.max_pool2d(x, step.Kernel!, step.Strides, maxPadding);
            case "AveragePool":
                if (step.Pads!.Any(p => p != 0) && !step.CountIncludePad)
                {
                    // Padded cells must not count: average the sum over the count of real cells.
                    var padded = PadAsymmetric(x, step.Pads!, 0.0, out _, force: true);
                    var ones = PadAsymmetric(ones_like(x[.., ..1]), step.Pads!, 0.0, out _, force: true);
                    return nn.functional.avg_pool2d(padded, step.Kernel!, step.Strides) / nn.functional.avg_pool2d(ones, step.Kernel!, step.Strides);
                }

                x = PadAsymmetric(x, step.Pads!, 0.0, out var averagePadding);
                return nn.functional.avg_pool2d(x, step.Kernel!, step.Strides, averagePadding, count_include_pad: step.CountIncludePad);
            case "GlobalAveragePool":
                return x.mean([2, 3], keepdim: true);
            case "Add" or "Sum":
                return inputs.Skip(1).Aggregate(x, (sum, next) => sum + next);
            case "Flatten":
                return x.reshape(x.shape.Take((int)step.Axis).Aggregate(1L, (a, b) => a * b), -1);
            default:
                throw new InvalidOperationException($"Operator {step.Node.OpType} was accepted at build time but has no implementation.");
        }
    }

    /// <summary>
    /// Symmetric ONNX pads become the operator's own padding; asymmetric ones (CNTK pads the end less) are applied
    /// explicitly first, with <paramref name="value"/> (−∞ for max pooling, so padding never wins).
    /// </summary>
    private static Tensor PadAsymmetric(Tensor x, long[] pads, double value, out long[] padding, bool force = false)
    {
        // ONNX: [top, left, bottom, right]; torch's pad: [left, right, top, bottom].
        if (!force && pads[0] == pads[2] && pads[1] == pads[3])
        {
            padding = [pads[0], pads[1]];
            return x;
        }

        padding = [0, 0];
        return nn.functional.pad(x, [pads[1], pads[3], pads[0], pads[2]], PaddingModes.Constant, value);
    }

    private static List<NodeProto> NeededNodes(GraphProto graph, string path, string[] outputs)
    {
        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < graph.Node.Count; i++)
        {
            foreach (var output in graph.Node[i].Output)
            {
                producer[output] = i;
            }
        }

        var needed = new HashSet<int>();
        var pending = new Stack<string>();
        foreach (var output in outputs)
        {
            if (!producer.ContainsKey(output))
            {
                throw new InvalidInputException(path, null, $"no tensor named '{output}' is computed by the graph");
            }

            pending.Push(output);
        }

        while (pending.TryPop(out var name))
        {
            if (producer.TryGetValue(name, out var index) && needed.Add(index))
            {
                foreach (var input in graph.Node[index].Input)
                {
                    pending.Push(input);
                }
            }
        }

        // ONNX requires nodes in topological order, so the file's order is an execution order.
        return needed.Order().Select(i => graph.Node[i]).ToList();
    }

    private static string MemberName(string initializer)
    {
        var builder = new StringBuilder(initializer.Length);
        foreach (var c in initializer)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        return builder.ToString();
    }

    /// <summary>One built node: the operator's settings and the member names of its weights.</summary>
    private sealed record GraphStep(NodeProto Node)
    {
        public string? Weight { get; init; }
        public string? Bias { get; init; }
        public string? RunningMean { get; init; }
        public string? RunningVariance { get; init; }
        public long[]? Kernel { get; init; }
        public long[]? Strides { get; init; }
        public long[]? Pads { get; init; }
        public long[]? Dilations { get; init; }
        public long Group { get; init; } = 1;
        public long Axis { get; init; } = 1;
        public bool CountIncludePad { get; init; }
        public float Epsilon { get; init; }
        public double Momentum { get; init; }
    }
}
