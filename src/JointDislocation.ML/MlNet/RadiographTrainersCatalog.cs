using Microsoft.ML;

namespace JointDislocation.ML.MlNet;

/// <summary><c>mlContext.BinaryClassification.Trainers.RadiographTransfer(...)</c>: the library's training run as an ML.NET trainer.</summary>
public static class RadiographTrainersCatalog
{
    /// <summary>
    /// A transfer-learning trainer in the shape of ML.NET's <c>ImageClassificationTrainer</c>, for binary labels:
    /// input an image-path column and a boolean label; <c>Fit</c> runs the library's experiment (fast featurisation,
    /// cross-validated selection of head and augmentation, threshold on out-of-fold scores, refit on all images) and
    /// returns a transformer that adds <c>Score</c>, <c>Probability</c> and <c>PredictedLabel</c>.
    /// </summary>
    /// <param name="catalog">The binary classification trainers of an <see cref="MLContext"/>.</param>
    /// <param name="options">The settings, validated here.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentException">A setting is invalid; the message lists every problem.</exception>
    public static RadiographTransferEstimator RadiographTransfer(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, RadiographTransferOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new RadiographTransferEstimator(options);
    }

    /// <summary>The trainer with default settings and the given column names.</summary>
    /// <param name="catalog">The binary classification trainers of an <see cref="MLContext"/>.</param>
    /// <param name="labelColumnName">The boolean label column.</param>
    /// <param name="imagePathColumnName">The text column of image paths.</param>
    /// <param name="imageFolder">A folder relative paths are read from; null to use paths as given.</param>
    /// <returns>The estimator.</returns>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    public static RadiographTransferEstimator RadiographTransfer(
        this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        string labelColumnName = "Label",
        string imagePathColumnName = "ImagePath",
        string? imageFolder = null) =>
        RadiographTransfer(catalog, new RadiographTransferOptions { LabelColumnName = labelColumnName, ImagePathColumnName = imagePathColumnName, ImageFolder = imageFolder });
}
