using System.Buffers.Binary;
using System.Security.Cryptography;
using Google.Protobuf;
using JointDislocation.ML.Backbones;
using Onnx;

namespace JointDislocation.ML.FineTuning.Networks;

/// <summary>
/// Writes a (fine-tuned) <see cref="OnnxConvNet"/> back into the ONNX graph it was built from: the same graph, nodes,
/// names and opset, with every initializer the network loaded replaced by the network's current values. The result
/// runs on ONNX Runtime like the original (<c>Backbone.FromOnnx</c>), so scoring a fine-tuned model needs no libtorch.
/// </summary>
public static class OnnxWeightExporter
{
    /// <summary>Writes the network's weights into a copy of its source graph, atomically.</summary>
    /// <param name="network">The network; its <see cref="OnnxConvNet.Source"/> must still exist.</param>
    /// <param name="destination">The ONNX file to write.</param>
    /// <returns>The file, its SHA-256 and how many initializers were replaced.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> is null.</exception>
    /// <exception cref="InvalidInputException">The source graph no longer has an initializer of the network's shape.</exception>
    public static OnnxExportResult Export(OnnxConvNet network, string destination)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(destination);
        var model = OnnxModelFile.Read(network.Source);
        var initializers = model.Graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var members = network.named_parameters().Select(p => (p.name, Value: (TorchSharp.torch.Tensor)p.parameter))
            .Concat(network.named_buffers().Select(b => (b.name, Value: b.buffer)));
        var replaced = 0;
        foreach (var (name, value) in members)
        {
            var initializerName = network.InitializerOf(name);
            if (!initializers.TryGetValue(initializerName, out var proto) || !proto.Dims.SequenceEqual(value.shape))
            {
                throw new InvalidInputException(network.Source, null, $"initializer '{initializerName}' is missing or no longer has the shape [{string.Join(", ", value.shape)}]");
            }

            using var cpu = value.detach().cpu().contiguous();
            var values = cpu.data<float>().ToArray();
            var bytes = new byte[values.Length * sizeof(float)];
            for (var i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
            }

            proto.FloatData.Clear();
            proto.RawData = ByteString.CopyFrom(bytes);
            proto.DataType = (int)TensorProto.Types.DataType.Float;
            replaced++;
        }

        var output = model.ToByteArray();
        var folder = Path.GetDirectoryName(Path.GetFullPath(destination));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        AtomicFile.WriteAllBytes(destination, output);
        return new OnnxExportResult(Path.GetFullPath(destination), Convert.ToHexStringLower(SHA256.HashData(output)), replaced);
    }
}
