using JointDislocation.ML.Backbones;
using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Tests.Training;

/// <summary>
/// A fast stand-in backbone for unit tests: the "feature map" is the mean intensity of each cell of a 4×4 grid,
/// repeated over <see cref="Channels"/> channels with different gains, and pooled = the map's spatial mean.
/// </summary>
internal sealed class GridBackbone(string sha256 = "grid-backbone-v1") : IImageBackbone
{
    private const int Grid = 4;
    private const int Channels = 8;

    public string Name => "grid";

    public string Sha256 { get; } = sha256;

    public string Fingerprint => Sha256;

    public int FeatureDimension => Channels * Grid * Grid;

    public FeatureMapShape MapShape => new(Channels * Grid * Grid, 1, 1);

    // Featurize reads any size directly; the input grid (for occlusion) is the image stretched to 64×64.
    public int InputWidth => 64;

    public int InputHeight => 64;

    public ResizePolicy ResizePolicy => ResizePolicy.Stretch;

    public BackboneInput ToInput(GrayImage image)
    {
        var pixels = new byte[InputWidth * InputHeight];
        BackboneImageResizer.Resize(image, InputWidth, InputHeight, ResizePolicy, pixels);
        return new BackboneInput(new GrayImage(InputWidth, InputHeight, pixels), new PixelBox(0, 0, InputWidth, InputHeight));
    }

    public Task<BackboneOutput[]> FeaturizeInputsAsync(IReadOnlyList<GrayImage> inputs, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Featurize(inputs));
    }

    public BackboneOutput[] Featurize(IReadOnlyList<GrayImage> images) => images.Select(Compute).ToArray();

    public Task<BackboneOutput[]> FeaturizeAsync(IReadOnlyList<GrayImage> images, IProgress<FeaturizationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = Featurize(images);
        progress?.Report(new FeaturizationProgress(images.Count, images.Count));
        return Task.FromResult(result);
    }

    private static BackboneOutput Compute(GrayImage image)
    {
        var cells = new float[Grid * Grid];
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                cells[(y * Grid / image.Height * Grid) + (x * Grid / image.Width)] += image[x, y];
            }
        }

        var perCell = (float)image.Width * image.Height / (Grid * Grid) * 255f;
        var features = new float[Channels * Grid * Grid];
        for (var c = 0; c < Channels; c++)
        {
            for (var i = 0; i < cells.Length; i++)
            {
                features[(c * cells.Length) + i] = cells[i] / perCell * (1 + c);
            }
        }

        return new BackboneOutput(features, (float[])features.Clone(), new FeatureMapShape(features.Length, 1, 1));
    }
}
