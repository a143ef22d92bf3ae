using JointDislocation.ML.Augmentation;
using JointDislocation.ML.Data;
using JointDislocation.ML.Phantoms;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.ScoringService.Tests;

/// <summary>
/// Trains one small hip model for every test of the service, once: 6 phantoms per class, the real ResNet18, one head
/// (logreg), no augmentation, 2 folds; saved as model.jdml beside the phantoms that the tests post.
/// </summary>
[SetUpFixture]
public sealed class TrainedModel
{
    private static string? _folder;

    /// <summary>The saved bundle.</summary>
    public static string ModelPath { get; private set; } = string.Empty;

    /// <summary>The phantom PNGs (both labels), in a fixed order.</summary>
    public static IReadOnlyList<string> Images { get; private set; } = [];

    [OneTimeSetUp]
    public async Task Train()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"jdml-service-{Guid.NewGuid():N}");
        var phantoms = await PhantomSetWriter.WriteAsync(new PhantomSetOptions
        {
            OutputDirectory = Path.Combine(_folder, "phantoms"),
            Joints = [Joint.Hip],
            PerClass = 6,
            Seed = 17,
        });
        var dataset = RadiographDataset.Load(phantoms.ManifestPath, new DatasetOptions { Joint = Joint.Hip });
        var result = await new DislocationContext(17).Training()
            .ForJoint(Joint.Hip)
            .WithData(dataset)
            .WithHeads(HeadKind.LogisticRegression)
            .WithAugmentation(AugmentationMode.None)
            .WithCrossValidation(2)
            .Build()
            .RunAsync();

        ModelPath = Path.Combine(_folder, "model.jdml");
        result.Model.Save(ModelPath);
        Images = dataset.Records.Select(r => r.Path).Order(StringComparer.Ordinal).ToList();
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        if (_folder is not null && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
