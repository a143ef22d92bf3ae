using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Backbones;

/// <summary>
/// An image brought to the backbone's input grid by its <see cref="ResizePolicy"/>: the pixels the network sees, before
/// normalisation, and where the image's content lies among them.
/// </summary>
/// <param name="Pixels">The input-sized image (<see cref="IImageBackbone.InputWidth"/> × <see cref="IImageBackbone.InputHeight"/>), padding black.</param>
/// <param name="Content">The part of the input that shows the image: all of it for a crop or a stretch, the centred
/// band for a letterbox.</param>
public sealed record BackboneInput(GrayImage Pixels, PixelBox Content);
