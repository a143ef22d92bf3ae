using Google.Protobuf;
using Onnx;

namespace JointDislocation.ML.Backbones;

/// <summary>Reads an ONNX model's protobuf, turning a file that is not one into an error that names it.</summary>
internal static class OnnxModelFile
{
    /// <summary>Reads and parses the file.</summary>
    /// <exception cref="InvalidInputException">The file is not an ONNX model, or the model has no graph.</exception>
    public static ModelProto Read(string path) => Parse(File.ReadAllBytes(path), path);

    /// <summary>Parses model bytes read from <paramref name="path"/>.</summary>
    /// <exception cref="InvalidInputException">The bytes are not an ONNX model, or the model has no graph.</exception>
    public static ModelProto Parse(byte[] bytes, string path)
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidInputException(path, null, "not an ONNX model", e);
        }

        return model.Graph is null ? throw new InvalidInputException(path, null, "the ONNX model has no graph") : model;
    }
}
