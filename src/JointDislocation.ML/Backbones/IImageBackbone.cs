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
