using JointDislocation.ML.Backbones;
using JointDislocation.ML.FineTuning.Native;
using JointDislocation.ML.Imaging;
using static TorchSharp.torch;

namespace JointDislocation.ML.FineTuning.Networks;

/// <summary>Turns images into the input tensor of an <see cref="OnnxConvNet"/>, exactly as the ONNX backbone prepares them.</summary>
public static class InputTensors
{
    /// <summary>
    /// Resizes and normalises images with the backbone's own code (resize policy, channel order, mean image), so the
    /// rebuilt network sees the same numbers as ONNX Runtime does.
    /// </summary>
    /// <param name="backbone">The ONNX backbone whose preprocessing to use.</param>
    /// <param name="images">The images, any size.</param>
    /// <returns>A [N, 3, H, W] float tensor.</returns>
    /// <exception cref="ArgumentNullException">An argument or an image is null.</exception>
    public static Tensor FromImages(OnnxBackbone backbone, IReadOnlyList<GrayImage> images)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(images);
        TorchSharpNativeLoader.EnsureLoaded();
        var perImage = 3 * backbone.InputWidth * backbone.InputHeight;
        var data = new float[images.Count * perImage];
        for (var i = 0; i < images.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(images[i], $"{nameof(images)}[{i}]");
            backbone.Prepare(images[i], data.AsSpan(i * perImage, perImage));
        }

        return tensor(data, [images.Count, 3, backbone.InputHeight, backbone.InputWidth]);
    }
}
