using JointDislocation.ML.Data;

namespace JointDislocation.ML.Tests.Data;

public class DatasetSplitterTests
{
    // Measured once with the library's DeterministicRandom (xoshiro256**, defined in the repository) and the FNV/SplitMix seed derivation.
    private static readonly int[] PinnedTestIndices = [0, 2, 6, 9];

    [Test]
    public void Train_test_split_is_stratified_and_complete()
    {
        var records = Records(positives: 40, negatives: 60);
        var split = DatasetSplitter.TrainTest(records, 0.25, seed: 7);

        Assert.That(split.Test.Count(r => r.IsPositive), Is.EqualTo(10));
        Assert.That(split.Test.Count(r => !r.IsPositive), Is.EqualTo(15));
        Assert.That(split.TrainIndices.Concat(split.TestIndices).Order(), Is.EqualTo(Enumerable.Range(0, 100)));
        Assert.That(split.TrainIndices.Intersect(split.TestIndices), Is.Empty);
        Assert.That(split.TestIndices, Is.Ordered);
        Assert.That(split.Test, Is.EqualTo(split.TestIndices.Select(i => records[i])));
    }

    [Test]
    public void K_fold_is_stratified_and_every_record_is_held_out_once()
    {
        var records = Records(positives: 23, negatives: 27);
        var folds = DatasetSplitter.KFold(records, 5, seed: 3);

        Assert.That(folds, Has.Count.EqualTo(5));
        Assert.That(folds.SelectMany(f => f.TestIndices).Order(), Is.EqualTo(Enumerable.Range(0, 50)));
        foreach (var fold in folds)
        {
            Assert.That(fold.Test.Count(r => r.IsPositive), Is.InRange(4, 5), $"fold {fold.Fold}");
            Assert.That(fold.Test.Count(r => !r.IsPositive), Is.InRange(5, 6), $"fold {fold.Fold}");
            Assert.That(fold.TrainIndices.Count + fold.TestIndices.Count, Is.EqualTo(50));
            Assert.That(fold.TrainIndices.Intersect(fold.TestIndices), Is.Empty);
        }
    }

    [Test]
    public void Patients_stay_on_one_side_of_every_split()
    {
        // 30 patients with 1 to 4 images each; a patient's images share its label.
        var records = new List<RadiographRecord>();
        for (var p = 0; p < 30; p++)
        {
            for (var k = 0; k <= p % 4; k++)
            {
                records.Add(new RadiographRecord($"/x/p{p}_{k}.png", Joint.Hip, p % 2 == 0 ? "dislocated" : "located", p % 2 == 0) { GroupId = $"P{p}" });
            }
        }

        for (var seed = 0; seed < 5; seed++)
        {
            var split = DatasetSplitter.TrainTest(records, 0.3, seed);
            var trainPatients = split.Train.Select(r => r.GroupId).ToHashSet();
            Assert.That(split.Test.Where(r => trainPatients.Contains(r.GroupId)), Is.Empty, $"seed {seed}");
            Assert.That(split.Test.Count(r => r.IsPositive), Is.GreaterThan(0));
            Assert.That(split.Test.Count(r => !r.IsPositive), Is.GreaterThan(0));

            var folds = DatasetSplitter.KFold(records, 4, seed);
            foreach (var fold in folds)
            {
                var inTrain = fold.Train.Select(r => r.GroupId).ToHashSet();
                Assert.That(fold.Test.Where(r => inTrain.Contains(r.GroupId)), Is.Empty, $"seed {seed}, fold {fold.Fold}");
            }

            Assert.That(folds.SelectMany(f => f.TestIndices).Order(), Is.EqualTo(Enumerable.Range(0, records.Count)));
        }
    }

    [Test]
    public void Same_seed_gives_the_same_split()
    {
        var records = Records(50, 50);
        Assert.That(DatasetSplitter.TrainTest(records, 0.2, 11).TestIndices, Is.EqualTo(DatasetSplitter.TrainTest(records.ToList(), 0.2, 11).TestIndices));
        var a = DatasetSplitter.KFold(records, 5, 11);
        var b = DatasetSplitter.KFold(records.ToList(), 5, 11);
        Assert.That(a.Select(f => f.TestIndices), Is.EqualTo(b.Select(f => f.TestIndices)));
    }

    [Test]
    public void Different_seeds_give_different_splits()
    {
        var records = Records(50, 50);
        Assert.That(DatasetSplitter.TrainTest(records, 0.2, 1).TestIndices, Is.Not.EqualTo(DatasetSplitter.TrainTest(records, 0.2, 2).TestIndices));
        Assert.That(DatasetSplitter.KFold(records, 5, 1)[0].TestIndices, Is.Not.EqualTo(DatasetSplitter.KFold(records, 5, 2)[0].TestIndices));
    }

    [Test]
    public void Split_is_pinned_for_a_known_seed()
    {
        // Guards determinism across runtimes and platforms: the seeded shuffle must not change silently.
        var split = DatasetSplitter.TrainTest(Records(5, 5), 0.4, seed: 42);
        Assert.That(split.TestIndices, Has.Count.EqualTo(4));
        Assert.That(split.TestIndices, Is.EqualTo(PinnedTestIndices));
    }

    [Test]
    public void Bad_arguments_are_refused()
    {
        var records = Records(2, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => DatasetSplitter.TrainTest(records, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => DatasetSplitter.TrainTest(records, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => DatasetSplitter.KFold(records, 1, 1));
        var tooMany = Assert.Throws<ArgumentOutOfRangeException>(() => DatasetSplitter.KFold(records, 5, 1));
        Assert.That(tooMany!.Message, Does.Contain("there are 4"));
    }

    private static List<RadiographRecord> Records(int positives, int negatives) =>
        Enumerable.Range(0, positives + negatives)
            .Select(i => new RadiographRecord($"/data/img{i:D4}.png", Joint.Shoulder, i < positives ? "dislocated" : "located", i < positives))
            .ToList();
}
