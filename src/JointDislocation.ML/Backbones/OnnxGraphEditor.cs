using Google.Protobuf;
using Onnx;

namespace JointDislocation.ML.Backbones;

/// <summary>
/// Edits a backbone's ONNX graph in memory so that one session does the whole job: the batch dimension becomes
/// symbolic (CNTK exports fix it at 1) and the feature map becomes a graph output beside the pooled features. Asked
/// for another input size than the graph fixes, it re-sizes the network (see <see cref="ResizeInput"/>).
/// </summary>
internal static class OnnxGraphEditor
{
    internal const string BatchDimension = "N";

    /// <summary>Returns the edited model bytes, the input's spatial size when the model fixes it (before any re-sizing)
    /// and whether it was re-sized to <paramref name="width"/> × <paramref name="height"/>.</summary>
    /// <param name="original">The model file's bytes.</param>
    /// <param name="path">The file, for messages.</param>
    /// <param name="inputName">The image input.</param>
    /// <param name="pooledName">The pooled features.</param>
    /// <param name="mapName">The feature map.</param>
    /// <param name="width">The input width wanted, or <see langword="null"/> for the model's own.</param>
    /// <param name="height">The input height wanted, or <see langword="null"/> for the model's own.</param>
    public static PreparedGraph Prepare(byte[] original, string path, string inputName, string pooledName, string mapName, int? width = null, int? height = null)
    {
        var model = OnnxModelFile.Parse(original, path);
        var graph = model.Graph;

        // Initializers listed as inputs (IR 3, CNTK) block constant folding; ONNX Runtime treats them as overridable.
        var initializers = graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var inputs = graph.Input.Where(i => !initializers.Contains(i.Name)).ToList();
        graph.Input.Clear();
        graph.Input.AddRange(inputs);

        var input = inputs.FirstOrDefault(i => i.Name == inputName)
            ?? throw new InvalidInputException(path, null, $"no graph input named '{inputName}' (inputs: {string.Join(", ", inputs.Select(i => i.Name))})");
        var produced = graph.Node.SelectMany(n => n.Output).ToHashSet(StringComparer.Ordinal);
        foreach (var name in new[] { pooledName, mapName })
        {
            if (!produced.Contains(name))
            {
                var outputs = string.Join(", ", graph.Output.Select(o => o.Name));
                throw new InvalidInputException(path, null, $"no tensor named '{name}' is computed by the graph (graph outputs: {outputs})");
            }
        }

        var dims = input.Type?.TensorType?.Shape?.Dim;
        if (dims is { Count: not 4 })
        {
            throw new InvalidInputException(path, null, $"input '{inputName}' has rank {dims.Count}; an image backbone takes [N, 3, H, W]");
        }

        if (dims is not null && dims[1].HasDimValue && dims[1].DimValue != 3)
        {
            throw new InvalidInputException(path, null, $"input '{inputName}' has {dims[1].DimValue} channels; an image backbone takes 3");
        }

        int? modelHeight = dims is not null && dims[2].HasDimValue ? (int)dims[2].DimValue : null;
        int? modelWidth = dims is not null && dims[3].HasDimValue ? (int)dims[3].DimValue : null;
        var resized = width is not null && height is not null && ResizeIfFixedOtherwise(graph, input, pooledName, width.Value, height.Value, path);

        // Keep only the outputs we read, in a fixed order; the map's type comes from its value info when there is one.
        var valueInfos = graph.ValueInfo.Concat(graph.Output).GroupBy(v => v.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        // A re-sized network's map no longer has the recorded shape, so only its element type is kept.
        var newOutputs = new[] { pooledName, mapName }.Select(name => valueInfos.TryGetValue(name, out var info) && !(resized && name == mapName)
            ? info.Clone()
            : new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } } }).ToList();
        graph.Output.Clear();
        graph.Output.AddRange(newOutputs);

        MakeBatchSymbolic(input);
        foreach (var output in graph.Output)
        {
            MakeBatchSymbolic(output);
        }

        // Intermediate shapes recorded by the exporter carry the fixed batch; ONNX Runtime infers them again.
        graph.ValueInfo.Clear();
        return new PreparedGraph(model.ToByteArray(), modelWidth, modelHeight, resized);
    }

    /// <summary>
    /// Re-sizes the network (<see cref="ResizeInput"/>) when its graph fixes an input size other than
    /// <paramref name="width"/> × <paramref name="height"/>; a graph that fixes none, or fixes this one, is left alone.
    /// </summary>
    /// <returns>Whether the graph was re-sized.</returns>
    internal static bool ResizeIfFixedOtherwise(GraphProto graph, ValueInfoProto input, string pooledName, int width, int height, string path)
    {
        var dims = input.Type?.TensorType?.Shape?.Dim;
        if (dims is not { Count: 4 } || !dims[2].HasDimValue || !dims[3].HasDimValue || (dims[2].DimValue == height && dims[3].DimValue == width))
        {
            return false;
        }

        ResizeInput(graph, input, pooledName, width, height, path);
        return true;
    }

    /// <summary>
    /// Re-sizes a network whose graph fixes its input size, as fully convolutional networks allow: the input's height
    /// and width become the ones asked for and the average pool over a fixed window that computes the pooled features
    /// becomes a global average pool, so the pooled features stay one value per channel and the feature map grows with
    /// the input (ResNet18 at 448×448: a 14×14 map instead of 7×7, every weight unchanged). A graph whose pooled
    /// features come from anything else cannot be re-sized this way and is refused; whether every other layer takes
    /// the new size (strides that divide it) shows when the backbone runs its probe image.
    /// </summary>
    internal static void ResizeInput(GraphProto graph, ValueInfoProto input, string pooledName, int width, int height, string path)
    {
        var pool = graph.Node.FirstOrDefault(n => n.Output.Contains(pooledName));
        switch (pool?.OpType)
        {
            case "AveragePool":
                pool.OpType = "GlobalAveragePool";
                pool.Attribute.Clear();
                break;
            case "GlobalAveragePool":
                break;
            default:
                throw new InvalidInputException(path, null,
                    $"cannot re-size the input to {width}×{height}: the pooled features '{pooledName}' come from {(pool is null ? "no node" : $"a {pool.OpType} node")}, not an average pool");
        }

        var dims = input.Type.TensorType.Shape.Dim;
        dims[2] = new TensorShapeProto.Types.Dimension { DimValue = height };
        dims[3] = new TensorShapeProto.Types.Dimension { DimValue = width };
    }

    private static void MakeBatchSymbolic(ValueInfoProto value)
    {
        var dims = value.Type?.TensorType?.Shape?.Dim;
        if (dims is { Count: > 0 })
        {
            dims[0] = new TensorShapeProto.Types.Dimension { DimParam = BatchDimension };
        }
    }
}

/// <summary>A backbone graph ready for a session (<see cref="OnnxGraphEditor.Prepare"/>).</summary>
/// <param name="Model">The edited model's bytes.</param>
/// <param name="Width">The input width the graph fixed before any re-sizing; <see langword="null"/> when it fixes none.</param>
/// <param name="Height">The input height likewise.</param>
/// <param name="Resized">Whether the graph was re-sized from its own fixed size to the one asked for.</param>
internal sealed record PreparedGraph(byte[] Model, int? Width, int? Height, bool Resized);
