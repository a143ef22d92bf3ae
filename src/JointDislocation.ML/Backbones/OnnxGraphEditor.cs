using Google.Protobuf;
using Onnx;

namespace JointDislocation.ML.Backbones;

/// <summary>
/// Edits a backbone's ONNX graph in memory so that one session does the whole job: the batch dimension becomes
/// symbolic (CNTK exports fix it at 1) and the feature map becomes a graph output beside the pooled features.
/// </summary>
internal static class OnnxGraphEditor
{
    internal const string BatchDimension = "N";

    /// <summary>Returns the edited model bytes and the input's spatial size when the model fixes it.</summary>
    public static (byte[] Model, int? Width, int? Height) Prepare(byte[] original, string path, string inputName, string pooledName, string mapName)
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

        int? height = dims is not null && dims[2].HasDimValue ? (int)dims[2].DimValue : null;
        int? width = dims is not null && dims[3].HasDimValue ? (int)dims[3].DimValue : null;

        // Keep only the outputs we read, in a fixed order; the map's type comes from its value info when there is one.
        var valueInfos = graph.ValueInfo.Concat(graph.Output).GroupBy(v => v.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var newOutputs = new[] { pooledName, mapName }.Select(name => valueInfos.TryGetValue(name, out var info)
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
        return (model.ToByteArray(), width, height);
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
