using JointDislocation.ML.Statistics;

namespace JointDislocation.ML.Tests.Statistics;

public class ThresholdAndMetricsTests
{
    // Positives 0.9 0.8 0.6 0.35; negatives 0.7 0.5 0.4 0.3 0.2 0.1.
    private static readonly bool[] Labels = [true, true, false, true, false, false, true, false, false, false];
    private static readonly double[] Scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.35, 0.3, 0.2, 0.1];

    [Test]
    public void Youden_maximises_sensitivity_plus_specificity()
    {
        var point = ThresholdSelector.Youden(RocCurve.Compute(Labels, Scores));

        // J: 0.8 → 0.5, 0.6 → 3/4 + 5/6 − 1 = 0.583 (the maximum), 0.35 → 1 + 3/6 − 1 = 0.5.
        Assert.That(point.Threshold, Is.EqualTo(0.6));
        Assert.That(point.Sensitivity, Is.EqualTo(0.75));
        Assert.That(point.Specificity, Is.EqualTo(5.0 / 6).Within(1e-12));
        Assert.That(point.Method, Is.EqualTo(ThresholdMethod.Youden));
    }

    [Test]
    public void Closest_to_top_left_minimises_the_distance_to_the_corner()
    {
        var point = ThresholdSelector.ClosestToTopLeft(RocCurve.Compute(Labels, Scores));

        // Distances²: 0.8 → 1/4 + 0; 0.6 → 1/16 + 1/36 = 0.0903 (the minimum); 0.35 → 0 + 1/4.
        Assert.That(point.Threshold, Is.EqualTo(0.6));
    }

    [TestCase(0.5, 0.8)]
    [TestCase(0.75, 0.6)]
    [TestCase(0.9, 0.35)]
    [TestCase(1.0, 0.35)]
    public void Target_sensitivity_takes_the_highest_threshold_that_reaches_it(double target, double expected)
    {
        var point = ThresholdSelector.TargetSensitivity(RocCurve.Compute(Labels, Scores), target);

        Assert.That(point.Threshold, Is.EqualTo(expected));
        Assert.That(point.Sensitivity, Is.GreaterThanOrEqualTo(target));
    }

    [Test]
    public void Fixed_threshold_reports_the_rates_it_has_on_the_data()
    {
        var point = ThresholdSelector.Select(RocCurve.Compute(Labels, Scores), ThresholdMethod.Fixed, 0.55);
        var metrics = ConfusionMetrics.At(Labels, Scores, 0.55);

        Assert.That(point.Threshold, Is.EqualTo(0.55));
        Assert.That(point.Sensitivity, Is.EqualTo(metrics.Sensitivity.Estimate));
        Assert.That(point.Specificity, Is.EqualTo(metrics.Specificity.Estimate));
    }

    [Test]
    public void Selection_needs_both_classes_and_a_parameter_where_one_is_due()
    {
        var curve = RocCurve.Compute(Labels, Scores);
        Assert.Throws<ArgumentException>(() => ThresholdSelector.Youden(RocCurve.Compute([true, true], [0.1, 0.2])));
        Assert.Throws<ArgumentException>(() => ThresholdSelector.Select(curve, ThresholdMethod.TargetSensitivity));
        Assert.Throws<ArgumentOutOfRangeException>(() => ThresholdSelector.TargetSensitivity(curve, 0));
    }

    [Test]
    public void Confusion_metrics_at_a_threshold()
    {
        var metrics = ConfusionMetrics.At(Labels, Scores, 0.6);

        Assert.That((metrics.TruePositives, metrics.FalsePositives, metrics.TrueNegatives, metrics.FalseNegatives), Is.EqualTo((3, 1, 5, 1)));
        Assert.That(metrics.Sensitivity.Estimate, Is.EqualTo(0.75));
        Assert.That(metrics.Specificity.Estimate, Is.EqualTo(5.0 / 6));
        Assert.That(metrics.PositivePredictiveValue.Estimate, Is.EqualTo(0.75));
        Assert.That(metrics.NegativePredictiveValue.Estimate, Is.EqualTo(5.0 / 6));
        Assert.That(metrics.Accuracy.Estimate, Is.EqualTo(0.8));
        Assert.That(metrics.F1.Estimate, Is.EqualTo(0.75));
        Assert.That(metrics.Sensitivity.Interval, Is.EqualTo(WilsonInterval.Compute(3, 4)));
        Assert.That(metrics.F1.Interval.Contains(0.75), Is.True);
    }

    [Test]
    public void An_empty_denominator_gives_NaN_not_an_exception()
    {
        var metrics = ConfusionMetrics.At([false, false], [0.1, 0.2], 0.5);

        Assert.That(metrics.Sensitivity.Estimate, Is.NaN);
        Assert.That(metrics.Sensitivity.Interval.Lower, Is.NaN);
        Assert.That(metrics.PositivePredictiveValue.Estimate, Is.NaN);
        Assert.That(metrics.Specificity.Estimate, Is.EqualTo(1));
    }

    // R: prop.test(x, n, correct = FALSE, conf.level = level)$conf.int, printed with 17 digits.
    [TestCase(0, 10, 0.95, 0, 0.27753279986288915)]
    [TestCase(0, 10, 0.9, 0, 0.21294197008340682)]
    [TestCase(10, 10, 0.95, 0.72246720013711085, 1)]
    [TestCase(10, 10, 0.9, 0.78705802991659313, 1)]
    [TestCase(7, 20, 0.95, 0.18119182410108206, 0.56714572331476365)]
    [TestCase(7, 20, 0.9, 0.20226004005676107, 0.53348731115152825)]
    [TestCase(45, 50, 0.95, 0.78639768562520351, 0.95652423506810969)]
    [TestCase(45, 50, 0.9, 0.80846248584842906, 0.95047096552255472)]
    [TestCase(1, 3, 0.95, 0.061491944720396291, 0.79234039919795229)]
    [TestCase(1, 3, 0.9, 0.078265726333728428, 0.74646613171877574)]
    public void Wilson_interval_matches_R_prop_test(double x, double n, double level, double lower, double upper)
    {
        var interval = WilsonInterval.Compute(x, n, level);

        Assert.That(interval.Lower, Is.EqualTo(lower).Within(1e-12));
        Assert.That(interval.Upper, Is.EqualTo(upper).Within(1e-12));
        Assert.That(interval.Level, Is.EqualTo(level));
    }

    [Test]
    public void Calibration_of_a_small_example()
    {
        bool[] labels = [false, true, true, false];
        double[] probabilities = [0.05, 0.15, 0.95, 1.0];

        var result = Calibration.Compute(labels, probabilities);

        Assert.That(result.BrierScore, Is.EqualTo((0.0025 + 0.7225 + 0.0025 + 1.0) / 4).Within(1e-15));
        Assert.That(result.Bins, Has.Count.EqualTo(10));
        Assert.That(result.Bins[9].Count, Is.EqualTo(2), "p = 1 falls in the last bin");
        Assert.That(result.Bins[9].ObservedFrequency, Is.EqualTo(0.5));
        Assert.That(result.Bins[5].MeanPredicted, Is.NaN);
        // |0.05 − 0|·1/4 + |0.15 − 1|·1/4 + |0.975 − 0.5|·2/4
        Assert.That(result.ExpectedCalibrationError, Is.EqualTo(0.0125 + 0.2125 + 0.2375).Within(1e-15));
        var exception = Assert.Throws<ArgumentException>(() => Calibration.Compute([true], [1.5]));
        Assert.That(exception!.Message, Does.Contain("row 1"));
    }
}
