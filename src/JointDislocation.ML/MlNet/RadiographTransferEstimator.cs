using JointDislocation.ML.Backbones;
using JointDislocation.ML.Data;
using JointDislocation.ML.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace JointDislocation.ML.MlNet;

/// <summary>
/// The estimator of <see cref="RadiographTrainersCatalog.RadiographTransfer(BinaryClassificationCatalog.BinaryClassificationTrainers, RadiographTransferOptions)"/>.
/// </summary>
public sealed class RadiographTransferEstimator : IEstimator<RadiographTransferTransformer>
{
    internal RadiographTransferEstimator(RadiographTransferOptions options)
    {
        Options = options;
    }

    /// <summary>The settings, validated.</summary>
    public RadiographTransferOptions Options { get; }

    /// <summary>Runs the experiment on the images and labels of <paramref name="input"/>.</summary>
    /// <param name="input">A data view with the image-path and label columns.</param>
    /// <returns>The fitted transformer.</returns>
    /// <exception cref="ArgumentException">A column is missing or of the wrong type.</exception>
    /// <exception cref="InvalidInputException">An image cannot be decoded, or a class has fewer images than folds.</exception>
    public RadiographTransferTransformer Fit(IDataView input) => FitAsync(input).GetAwaiter().GetResult();

    /// <summary>Runs the experiment without blocking the caller.</summary>
    /// <param name="input">A data view with the image-path and label columns.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The fitted transformer.</returns>
    /// <exception cref="ArgumentException">A column is missing or of the wrong type.</exception>
    /// <exception cref="InvalidInputException">An image cannot be decoded, or a class has fewer images than folds.</exception>
    public async Task<RadiographTransferTransformer> FitAsync(IDataView input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckColumns(input.Schema);
        var paths = input.GetColumn<string>(Options.ImagePathColumnName).ToList();
        var labels = input.GetColumn<bool>(Options.LabelColumnName).ToList();
        var experimentOptions = Options.ToExperimentOptions();
        var records = paths.Select((p, i) => new RadiographRecord(
            Options.ImageFolder is null ? p : Path.Combine(Options.ImageFolder, p),
            Options.Joint,
            labels[i] ? experimentOptions.PositiveLabel : experimentOptions.NegativeLabel,
            labels[i])).ToList();

        var builder = new ExperimentBuilder(Options.Seed)
            .WithOptions(experimentOptions)
            .WithRecords(records)
            .WithBackbone(Backbone.ResNet18(Options.ResizePolicy));
        if (Options.WorkspacePath is not null)
        {
            builder.WithFeatureCache(new FeatureCache(Options.WorkspacePath));
        }

        var result = await builder.Build().RunAsync(Options.Progress, cancellationToken).ConfigureAwait(false);
        foreach (var candidate in result.Candidates)
        {
            Options.MetricsCallback?.Invoke(candidate);
        }

        var ml = new MLContext(Options.Seed);
        var pipeline = DislocationModelMlNetExtensions.Build(result.Model, ml, Options.ImagePathColumnName, Options.ImageFolder, out var scoreThreshold);
        return new RadiographTransferTransformer(result, pipeline, scoreThreshold);
    }

    /// <summary>The input columns plus <c>Score</c>, <c>Probability</c> and <c>PredictedLabel</c>.</summary>
    /// <param name="inputSchema">The shape of the input.</param>
    /// <returns>The shape of the output.</returns>
    /// <exception cref="ArgumentException">A column is missing or of the wrong type.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var problems = new List<string>();
        var path = inputSchema.FirstOrDefault(c => c.Name == Options.ImagePathColumnName);
        if (path.Name is null)
        {
            problems.Add($"no image-path column '{Options.ImagePathColumnName}'");
        }
        else if (path.ItemType is not TextDataViewType || path.Kind != SchemaShape.Column.VectorKind.Scalar)
        {
            problems.Add($"column '{Options.ImagePathColumnName}' is not scalar text");
        }

        var label = inputSchema.FirstOrDefault(c => c.Name == Options.LabelColumnName);
        if (label.Name is null)
        {
            problems.Add($"no label column '{Options.LabelColumnName}'");
        }
        else if (label.ItemType is not BooleanDataViewType || label.Kind != SchemaShape.Column.VectorKind.Scalar)
        {
            problems.Add($"column '{Options.LabelColumnName}' is not a scalar Boolean");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("RadiographTransfer input: " + string.Join("; ", problems) + ".");
        }

        // The same three columns any stock calibrated binary trainer adds; its shape is borrowed, as SchemaShape
        // columns cannot be made outside ML.NET.
        var ml = new MLContext(Options.Seed);
        const string probe = "RadiographTransferProbe";
        return ml.Transforms.Conversion.ConvertType(probe, Options.LabelColumnName, DataKind.Single)
            .Append(ml.Transforms.Concatenate(probe, probe))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(Options.LabelColumnName, probe))
            .Append(ml.Transforms.DropColumns(probe))
            .GetOutputSchema(inputSchema);
    }

    private void CheckColumns(DataViewSchema schema)
    {
        var problems = new List<string>();
        if (schema.GetColumnOrNull(Options.ImagePathColumnName) is not { } path)
        {
            problems.Add($"no image-path column '{Options.ImagePathColumnName}'");
        }
        else if (path.Type is not TextDataViewType)
        {
            problems.Add($"column '{Options.ImagePathColumnName}' is {path.Type}, not text");
        }

        if (schema.GetColumnOrNull(Options.LabelColumnName) is not { } label)
        {
            problems.Add($"no label column '{Options.LabelColumnName}'");
        }
        else if (label.Type is not BooleanDataViewType)
        {
            problems.Add($"column '{Options.LabelColumnName}' is {label.Type}, not Boolean");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("RadiographTransfer input: " + string.Join("; ", problems) + ".");
        }
    }
}
