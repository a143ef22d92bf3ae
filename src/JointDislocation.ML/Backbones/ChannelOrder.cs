namespace JointDislocation.ML.Backbones;

/// <summary>The order of the colour planes a backbone expects in its input tensor.</summary>
public enum ChannelOrder
{
    /// <summary>Red, green, blue (torchvision and most ONNX exports).</summary>
    Rgb = 0,

    /// <summary>Blue, green, red (Caffe and CNTK exports, such as ML.NET's ResNet18).</summary>
    Bgr = 1,
}
