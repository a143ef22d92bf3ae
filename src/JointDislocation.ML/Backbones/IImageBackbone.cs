using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Backbones;

/// <summary>
/// A frozen image network that turns radiographs into pooled features (for classifier heads) and a last
/// convolutional map (for class activation maps), both from one forward pass.
/// </summary>
public interface IImageBackbone
{
    /// <summary>A short name for reports, such as <c>resnet18</c>.</summary>
    string Name { get; }

    /// <summary>SHA-256 (lower-case hex) of the original model file: identifies the weights in a model bundle.</summary>
    string Sha256 { get; }

    /// <summary>
    /// SHA-256 (lower-case hex) over the model hash and every option that changes the outputs (tensor names, input
    /// size, resize policy, preprocessing): two backbones with equal fingerprints give equal features. Feature caches
    /// key on it.
    /// </summary>
    string Fingerprint { get; }

    /// <summary>Length of <see cref="BackboneOutput.Pooled"/> (512 for ResNet18).</summary>
    int FeatureDimension { get; }

    /// <summary>Shape of <see cref="BackboneOutput.Map"/> (512×7×7 for ResNet18).</summary>
    FeatureMapShape MapShape { get; }

    /// <summary>Width of the network input in pixels (224 for ResNet18).</summary>
    int InputWidth { get; }

    /// <summary>Height of the network input in pixels.</summary>
    int InputHeight { get; }

    /// <summary>How an image of any size is brought to the input size.</summary>
    ResizePolicy ResizePolicy { get; }

    /// <summary>
    /// Brings one image to the input grid, exactly as <see cref="Featurize"/> does before it normalises: featurizing
    /// the result with <see cref="FeaturizeInputsAsync"/> gives the same output as featurizing the image.
    /// </summary>
    /// <param name="image">The image, any size.</param>
    /// <returns>The input-sized pixels and where the image lies in them.</returns>
    BackboneInput ToInput(GrayImage image);

    /// <summary>
    /// Featurizes images that are already on the input grid (from <see cref="ToInput"/>, possibly edited, as
    /// occlusion does): no resizing, only normalisation and the forward pass, in batches.
    /// </summary>
    /// <param name="inputs">Images of exactly <see cref="InputWidth"/> × <see cref="InputHeight"/>.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>One output per image, in order.</returns>
    /// <exception cref="ArgumentException">An image is not of the input size.</exception>
    Task<BackboneOutput[]> FeaturizeInputsAsync(IReadOnlyList<GrayImage> inputs, CancellationToken cancellationToken = default);

    /// <summary>Featurizes images in batches.</summary>
    /// <param name="images">The images, any size.</param>
    /// <returns>One output per image, in order.</returns>
    BackboneOutput[] Featurize(IReadOnlyList<GrayImage> images);

    /// <summary>Featurizes images in batches on a worker thread, reporting progress after each batch.</summary>
    /// <param name="images">The images, any size.</param>
    /// <param name="progress">Receives progress after each batch.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>One output per image, in order.</returns>
    Task<BackboneOutput[]> FeaturizeAsync(IReadOnlyList<GrayImage> images, IProgress<FeaturizationProgress>? progress = null, CancellationToken cancellationToken = default);
}
