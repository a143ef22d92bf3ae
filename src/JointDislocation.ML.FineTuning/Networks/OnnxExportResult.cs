namespace JointDislocation.ML.FineTuning.Networks;

/// <summary>What <see cref="OnnxWeightExporter.Export"/> wrote.</summary>
/// <param name="Path">The ONNX file.</param>
/// <param name="Sha256">SHA-256 of the file (lower-case hex): what a model bundle records as the backbone's hash.</param>
/// <param name="ReplacedInitializers">How many initializers now hold the network's values.</param>
public sealed record OnnxExportResult(string Path, string Sha256, int ReplacedInitializers);
