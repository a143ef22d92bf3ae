using JointDislocation.ML.Statistics;

namespace JointDislocation.ML.Tests.Statistics;

public class BinaryScoreAccumulatorTests
{
    [Test]
    public void Batches_give_the_same_report_as_the_pure_functions()
    {
        var (labels, scores, _) = ReferenceData.Case("normal_d1_50v50");
        var accumulator = new BinaryScoreAccumulator();
        for (var start = 0; start < labels.Length; start += 17)
        {
            var count = Math.Min(17, labels.Length - start);
            accumulator.AddRange(labels[start..(start + count)], scores[start..(start + count)]);
        }

        var report = accumulator.Evaluate();

        Assert.That(accumulator.Count, Is.EqualTo(100));
        Assert.That(accumulator.Positives, Is.EqualTo(50));
        Assert.That(report.Auroc, Is.EqualTo(Auroc.Compute(labels, scores)));
        Assert.That(report.DeLong, Is.EqualTo(DeLong.Compute(labels, scores)));
        Assert.That(accumulator.Curve().Points, Is.EqualTo(RocCurve.Compute(labels, scores).Points));
    }

    [Test]
    public void A_bad_score_names_its_row_in_the_whole_stream_and_adds_nothing_of_its_batch()
    {
        var accumulator = new BinaryScoreAccumulator();
        accumulator.AddRange([true, false, true], [0.1, 0.2, 0.3]);

        var exception = Assert.Throws<ArgumentException>(() => accumulator.AddRange([true, false], [0.5, double.NaN]));

        Assert.That(exception!.Message, Does.Contain("index 4 (row 5)").And.Contain("NaN"));
        Assert.That(accumulator.Count, Is.EqualTo(3));
        accumulator.Clear();
        Assert.That(accumulator.Count, Is.Zero);
        Assert.That(accumulator.Evaluate().Warnings, Is.Not.Empty);
    }
}
