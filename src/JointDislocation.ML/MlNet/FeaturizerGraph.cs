using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Google.Protobuf;
using JointDislocation.ML.Backbones;
using Onnx;

namespace JointDislocation.ML.MlNet;

/// <summary>
/// The ONNX graph ML.NET runs for <c>FeaturizeRadiograph</c>: the backbone with the fast path's preprocessing
/// (<c>(pixel × scale − mean) / deviation</c>, the same float operations in the same order) merged in front, so
/// one ONNX Runtime session does the work that stock ML.NET splits over two, and the pooled features reshaped to a
/// flat vector under the output column's name.
/// </summary>
internal static class FeaturizerGraph
{
    // Weak: a merged model is tens of MB on the large-object heap; held for good it would also make the collector
    // wait longer between full collections for the whole process.
    private static readonly ConcurrentDictionary<string, WeakReference<byte[]>> Built = new(StringComparer.Ordinal);

    /// <summary>The merged model, reused while some pipeline still holds it.</summary>
    public static byte[] Build(OnnxBackbone backbone, string inputName, string outputName)
    {
        var key = string.Join('|', backbone.Fingerprint, inputName, outputName);
        if (Built.TryGetValue(key, out var known) && known.TryGetTarget(out var bytes))
        {
            return bytes;
        }

        bytes = BuildCore(backbone, inputName, outputName);
        Built[key] = new WeakReference<byte[]>(bytes);
        return bytes;
    }

    private static byte[] BuildCore(OnnxBackbone backbone, string inputName, string outputName)
    {
        var options = backbone.Options;
        var path = Path.GetFullPath(options.ModelPath);
        var model = OnnxModelFile.Read(path);
        var graph = model.Graph;
        const string prefix = "jdml_featurizer_";
        var width = backbone.InputWidth;
        var height = backbone.InputHeight;

        // A backbone run at another size than its graph fixes is re-sized the way the fast path's session is.
        if (graph.Input.FirstOrDefault(i => i.Name == options.InputName) is { } original)
        {
            OnnxGraphEditor.ResizeIfFixedOtherwise(graph, original, options.PooledOutputName, width, height, path);
        }

        // Initializers listed as inputs (IR 3, CNTK) would show up as ML.NET input columns.
        var initializers = graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var inputs = graph.Input.Where(i => !initializers.Contains(i.Name) && i.Name != options.InputName).ToList();
        graph.Input.Clear();
        graph.Input.AddRange(inputs);
        graph.Input.Add(FloatValue(inputName, [1, 3, height, width]));

        var preprocessing = options.Preprocessing;
        var plane = width * height;
        var mean = new float[3 * plane];
        for (var c = 0; c < 3; c++)
        {
            for (var i = 0; i < plane; i++)
            {
                mean[(c * plane) + i] = preprocessing.MeanImage is { } image ? image[(c * plane) + i] : preprocessing.Mean[c];
            }
        }

        graph.Initializer.Add(FloatTensor(prefix + "scale", [], [preprocessing.PixelScale]));
        graph.Initializer.Add(FloatTensor(prefix + "mean", [1, 3, height, width], mean));
        graph.Initializer.Add(FloatTensor(prefix + "deviation", [1, 3, 1, 1], [.. preprocessing.StandardDeviation]));
        graph.Initializer.Add(new TensorProto
        {
            Name = prefix + "shape",
            DataType = (int)TensorProto.Types.DataType.Int64,
            Dims = { 1 },
            Int64Data = { backbone.FeatureDimension },
        });

        // Gray pixels have equal planes, so the backbone's plane order needs no reordering of the pixels; the mean
        // and deviation are already in the backbone's order. The fast path computes the same three operations.
        NodeProto[] front =
        [
            Node("Mul", [inputName, prefix + "scale"], prefix + "scaled"),
            Node("Sub", [prefix + "scaled", prefix + "mean"], prefix + "centred"),
            Node("Div", [prefix + "centred", prefix + "deviation"], options.InputName),
        ];
        for (var i = front.Length - 1; i >= 0; i--)
        {
            graph.Node.Insert(0, front[i]);
        }

        graph.Node.Add(Node("Reshape", [options.PooledOutputName, prefix + "shape"], outputName));
        graph.Output.Clear();
        graph.Output.Add(FloatValue(outputName, [backbone.FeatureDimension]));

        // Shapes recorded by the exporter refer to the old input; ONNX Runtime infers them again.
        graph.ValueInfo.Clear();
        return model.ToByteArray();
    }

    private static NodeProto Node(string op, string[] inputs, string output) =>
        new() { OpType = op, Name = "jdml_featurizer_" + op + "_" + output, Input = { inputs }, Output = { output } };

    private static ValueInfoProto FloatValue(string name, long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = dim });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    private static TensorProto FloatTensor(string name, long[] dims, float[] values)
    {
        // Raw data is little-endian IEEE floats by the ONNX specification; this library runs on little-endian machines.
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }
}
