using JointDislocation.ML.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace JointDislocation.ML.MlNet;

/// <summary>
/// What <see cref="RadiographTransferEstimator"/> fits: the trained model as a stock ML.NET pipeline (image path in;
/// <c>Score</c>, <c>Probability</c>, <c>PredictedLabel</c> at the model's threshold out), with the library's model
/// and the experiment behind it. <c>mlContext.Model.Save</c> writes the stock pipeline, which loads without this
/// library.
/// </summary>
public sealed class RadiographTransferTransformer : ITransformer
{
    internal RadiographTransferTransformer(ExperimentResult experiment, ITransformer pipeline, float scoreThreshold)
    {
        Experiment = experiment;
        Pipeline = pipeline;
        ScoreThreshold = scoreThreshold;
    }

    /// <summary>The experiment: every candidate's cross-validated AUROC, the selection, the threshold.</summary>
    public ExperimentResult Experiment { get; }

    /// <summary>The trained model (save it as <c>model.jdml</c>, explain it with class activation maps).</summary>
    public DislocationModel Model => Experiment.Model;

    /// <summary>The stock ML.NET pipeline this transformer runs.</summary>
    public ITransformer Pipeline { get; }

    /// <summary>The model's probability threshold as ML.NET applies it: positive when <c>Score</c> is greater.</summary>
    public float ScoreThreshold { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => Pipeline.IsRowToRowMapper;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Pipeline.GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => Pipeline.GetRowToRowMapper(inputSchema);

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => Pipeline.Transform(input);

    /// <summary>Saves the stock pipeline (it loads back as an ML.NET <c>TransformerChain</c>).</summary>
    /// <param name="ctx">ML.NET's save context.</param>
    void ICanSaveModel.Save(ModelSaveContext ctx) => Pipeline.Save(ctx);
}
