using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace JointDislocation.ML.Tests.Backbones;

/// <summary>Stock ML.NET featurization (LoadImages → ResizeImages → ExtractPixels → DnnFeaturizeImage ResNet18), the reference.</summary>
internal static class MlNetReference
{
    public static float[][] Featurize(IReadOnlyList<string> paths, ImageResizingEstimator.ResizingKind resizing = ImageResizingEstimator.ResizingKind.IsoCrop)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(paths.Select(p => new ImageRow { ImagePath = p }));
        var pipeline = ml.Transforms.LoadImages("Image", imageFolder: string.Empty, inputColumnName: nameof(ImageRow.ImagePath))
            .Append(ml.Transforms.ResizeImages("Image", 224, 224, resizing: resizing))
            .Append(ml.Transforms.ExtractPixels("Pixels", "Image"))
            .Append(ml.Transforms.DnnFeaturizeImage("Features", m => m.ModelSelector.ResNet18(ml, m.OutputColumn, m.InputColumn), "Pixels"));
        var transformed = pipeline.Fit(data).Transform(data);
        return [.. transformed.GetColumn<VBuffer<float>>("Features").Select(v => v.DenseValues().ToArray())];
    }

    /// <summary>The pixels ML.NET hands to the network (planar RGB, 0–255) after its resize.</summary>
    public static float[][] ExtractPixels(IReadOnlyList<string> paths, ImageResizingEstimator.ResizingKind resizing)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(paths.Select(p => new ImageRow { ImagePath = p }));
        var pipeline = ml.Transforms.LoadImages("Image", imageFolder: string.Empty, inputColumnName: nameof(ImageRow.ImagePath))
            .Append(ml.Transforms.ResizeImages("Image", 224, 224, resizing: resizing))
            .Append(ml.Transforms.ExtractPixels("Pixels", "Image"));
        var transformed = pipeline.Fit(data).Transform(data);
        return [.. transformed.GetColumn<VBuffer<float>>("Pixels").Select(v => v.DenseValues().ToArray())];
    }

    private sealed class ImageRow
    {
        public string ImagePath { get; set; } = string.Empty;
    }
}
