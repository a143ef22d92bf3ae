// A program that references only stock ML.NET packages (see README.md): it loads a model.zip written by
// `jdml export` and prints, for each image path given, the probability, the score and the predicted label.
using System.Globalization;
using Microsoft.ML;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: StockMlNetConsumer MODEL.zip IMAGE...");
    return 2;
}

var ml = new MLContext();
var model = ml.Model.Load(args[0], out _);
var engine = ml.Model.CreatePredictionEngine<ImageInput, ScoredImage>(model);
foreach (var path in args.Skip(1))
{
    var scored = engine.Predict(new ImageInput { ImagePath = path });
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path}\t{scored.Probability:R}\t{scored.Score:R}\t{scored.PredictedLabel}"));
}

// Proof that nothing of JointDislocation.ML was needed: none of its assemblies is loaded.
var foreign = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name ?? string.Empty).Where(n => n.StartsWith("JointDislocation", StringComparison.Ordinal)).ToList();
Console.WriteLine("assemblies-from-jointdislocation: " + foreign.Count);
return foreign.Count == 0 ? 0 : 3;

internal sealed class ImageInput
{
    public string ImagePath { get; set; } = string.Empty;
}

internal sealed class ScoredImage
{
    public float Score { get; set; }

    public float Probability { get; set; }

    public bool PredictedLabel { get; set; }
}
