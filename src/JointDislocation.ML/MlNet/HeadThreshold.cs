using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;

namespace JointDislocation.ML.MlNet;

/// <summary>
/// Puts a model's operating threshold into its ML.NET head. The library calls an image positive when its
/// probability is ≥ the threshold; ML.NET's prediction transformer compares the raw score with <c>&gt;</c>. The
/// calibrator is monotone, so the positive scores are those ≥ the smallest float score whose probability reaches the
/// threshold: ML.NET gets the float just below it, and both rules agree on every score, ties included.
/// </summary>
internal static class HeadThreshold
{
    /// <summary>The head's links with the prediction transformer's score threshold replaced.</summary>
    public static IReadOnlyList<ITransformer> Apply(MLContext ml, ITransformer head, double probabilityThreshold, out float scoreThreshold)
    {
        var links = Flatten(head).ToList();
        var index = links.FindIndex(IsBinaryPredictionTransformer);
        if (index < 0)
        {
            throw new InvalidOperationException("The head has no binary prediction transformer.");
        }

        var prediction = links[index];
        Func<float, float> probability = CalibratorOf(prediction) is { } calibrator
            ? calibrator.PredictProbability
            : CalibrationLink(ml, links.Skip(index + 1).FirstOrDefault() ?? throw new InvalidOperationException("The head has no calibrator."));
        scoreThreshold = ScoreThreshold(probability, probabilityThreshold);
        var change = typeof(BinaryClassificationCatalog).GetMethod(nameof(BinaryClassificationCatalog.ChangeModelThreshold))!
            .MakeGenericMethod(prediction.GetType().GetGenericArguments()[0]);
        links[index] = (ITransformer)change.Invoke(ml.BinaryClassification, [prediction, scoreThreshold])!;
        return links;
    }

    /// <summary>The largest float score that is not positive (so <c>score &gt; it</c> ⇔ <c>probability(score) ≥ threshold</c>).</summary>
    internal static float ScoreThreshold(Func<float, float> probability, double threshold)
    {
        if (!(probability(float.PositiveInfinity) >= threshold))
        {
            return float.PositiveInfinity;
        }

        if (probability(float.NegativeInfinity) >= threshold)
        {
            return float.NegativeInfinity;
        }

        if (probability(float.MinValue) > probability(float.MaxValue))
        {
            throw new InvalidOperationException("The head's calibrator decreases with the score; its threshold cannot be expressed on the score.");
        }

        // Floats in order as integers; find the smallest positive score between -∞ (not positive) and +∞ (positive).
        long low = OrderKey(float.NegativeInfinity);
        long high = OrderKey(float.PositiveInfinity);
        while (high - low > 1)
        {
            var middle = low + ((high - low) / 2);
            if (probability(FromOrderKey(middle)) >= threshold)
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return FromOrderKey(low);
    }

    internal static IEnumerable<ITransformer> Flatten(ITransformer transformer) =>
        transformer is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : [transformer];

    private static bool IsBinaryPredictionTransformer(ITransformer transformer) =>
        transformer.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(BinaryPredictionTransformer<>);

    private static ICalibrator? CalibratorOf(ITransformer prediction)
    {
        var model = prediction.GetType().GetProperty(nameof(BinaryPredictionTransformer<object>.Model))?.GetValue(prediction);

        // CalibratedModelParametersBase<,> re-declares Calibrator with its calibrator's type; any public one will do.
        return model?.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name == "Calibrator" && p.GetIndexParameters().Length == 0)
            .Select(p => p.GetValue(model))
            .OfType<ICalibrator>()
            .FirstOrDefault();
    }

    /// <summary>A calibrator link (score in, probability out) as a function, run through ML.NET itself.</summary>
    private static Func<float, float> CalibrationLink(MLContext ml, ITransformer calibrator) => score =>
    {
        var data = ml.Data.LoadFromEnumerable(new[] { new ScoreRow { Score = score } });
        return calibrator.Transform(data).GetColumn<float>("Probability").Single();
    };

    private static long OrderKey(float value)
    {
        var bits = BitConverter.SingleToInt32Bits(value);
        return bits >= 0 ? bits : (long)int.MinValue - bits;
    }

    private static float FromOrderKey(long key) =>
        BitConverter.Int32BitsToSingle(key >= 0 ? (int)key : (int)((long)int.MinValue - key));

    private sealed class ScoreRow
    {
        public float Score { get; set; }
    }
}
