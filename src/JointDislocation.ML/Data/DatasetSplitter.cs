using System.Globalization;

namespace JointDislocation.ML.Data;

/// <summary>
/// Seeded splits that keep the class balance (stratified) and keep all images of one patient on one side (grouped by
/// <see cref="RadiographRecord.GroupId"/>, else by the Patient ID (or Study Instance UID) in a DICOM file's header; records
/// without either are grouped by file, so a file listed twice stays on one side). The same records and seed give the
/// same split on every run and platform: groups are ordered by key before a seeded shuffle.
/// </summary>
public static class DatasetSplitter
{
    /// <summary>Splits records into a training and a test part.</summary>
    /// <param name="records">The records.</param>
    /// <param name="testFraction">The share of each class to hold out, between 0 and 1 exclusive.</param>
    /// <param name="seed">The seed (for example <c>context.Seed</c>); a child seed is derived from it.</param>
    /// <returns>The split.</returns>
    /// <remarks>
    /// Per class (a group counts for its majority class), whole groups in shuffled order go to the test part while
    /// that brings its size closer to <c>round(testFraction × class size)</c>, at least 1 when the class has two or
    /// more groups. Without groups the test part of each class has exactly that size.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not between 0 and 1 exclusive.</exception>
    public static TrainTestSplit TrainTest(IReadOnlyList<RadiographRecord> records, double testFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must be between 0 and 1 exclusive.");
        }

        var random = new DeterministicRandom(SeedDerivation.Derive(seed, "data/train-test-split"));
        var test = new List<int>();
        foreach (var stratum in Strata(records))
        {
            random.Shuffle(stratum);
            var total = stratum.Sum(g => g.Count);
            var target = (int)Math.Round(testFraction * total, MidpointRounding.AwayFromZero);
            if (stratum.Count >= 2)
            {
                target = Math.Clamp(target, 1, total - 1);
            }

            var taken = 0;
            foreach (var group in stratum)
            {
                if (Math.Abs(taken + group.Count - target) < Math.Abs(taken - target))
                {
                    test.AddRange(group);
                    taken += group.Count;
                }
            }
        }

        var isTest = new bool[records.Count];
        test.ForEach(i => isTest[i] = true);
        var testIndices = Enumerable.Range(0, records.Count).Where(i => isTest[i]).ToList();
        var trainIndices = Enumerable.Range(0, records.Count).Where(i => !isTest[i]).ToList();
        return new TrainTestSplit(trainIndices.AsReadOnly(), testIndices.AsReadOnly(), Pick(records, trainIndices), Pick(records, testIndices));
    }

    /// <summary>Splits records into <paramref name="folds"/> stratified, grouped folds.</summary>
    /// <param name="records">The records.</param>
    /// <param name="folds">The number of folds, at least 2 and at most the number of groups.</param>
    /// <param name="seed">The seed (for example <c>context.Seed</c>); a child seed is derived from it.</param>
    /// <returns>The folds, each holding out its part and training on the rest.</returns>
    /// <remarks>
    /// Per class, groups in shuffled order (largest first, so that big patients are spread before singles fill the
    /// gaps) go to the fold with the fewest images of that class, then the fewest images overall. Without groups each
    /// fold's class counts differ by at most one.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="folds"/> is below 2 or above the number of groups.</exception>
    public static IReadOnlyList<CrossValidationFold> KFold(IReadOnlyList<RadiographRecord> records, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var strata = Strata(records);
        var groupCount = strata.Sum(s => s.Count);
        if (folds > groupCount)
        {
            throw new ArgumentOutOfRangeException(nameof(folds), folds,
                string.Create(CultureInfo.InvariantCulture, $"{folds} folds need at least {folds} groups (patients or images); there are {groupCount}."));
        }

        var random = new DeterministicRandom(SeedDerivation.Derive(seed, "data/k-fold"));
        var foldOf = new int[records.Count];
        var totals = new int[folds];
        foreach (var stratum in strata)
        {
            random.Shuffle(stratum);
            var ordered = stratum.OrderByDescending(g => g.Count).ToList(); // stable: ties keep the shuffled order
            var classCounts = new int[folds];
            foreach (var group in ordered)
            {
                var best = 0;
                for (var f = 1; f < folds; f++)
                {
                    if (classCounts[f] < classCounts[best] || (classCounts[f] == classCounts[best] && totals[f] < totals[best]))
                    {
                        best = f;
                    }
                }

                group.ForEach(i => foldOf[i] = best);
                classCounts[best] += group.Count;
                totals[best] += group.Count;
            }
        }

        var result = new List<CrossValidationFold>(folds);
        for (var f = 0; f < folds; f++)
        {
            var testIndices = Enumerable.Range(0, records.Count).Where(i => foldOf[i] == f).ToList();
            var trainIndices = Enumerable.Range(0, records.Count).Where(i => foldOf[i] != f).ToList();
            result.Add(new CrossValidationFold(f, trainIndices.AsReadOnly(), testIndices.AsReadOnly(), Pick(records, trainIndices), Pick(records, testIndices)));
        }

        return result.AsReadOnly();
    }

    /// <summary>Groups of record indices, split into the positive and the negative stratum, each ordered by group key.</summary>
    private static List<List<int>>[] Strata(IReadOnlyList<RadiographRecord> records)
    {
        var groups = new SortedDictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i] ?? throw new ArgumentException($"Record {i} is null.", nameof(records));

            // The prefixes keep a patient called like a file path apart from that file. Records of the same file (a
            // manifest that lists it twice) form one group, so a copy never sits on both sides of a split.
            var key = record.PatientKey ?? "p:" + record.Path;
            if (!groups.TryGetValue(key, out var members))
            {
                groups[key] = members = [];
            }

            members.Add(i);
        }

        var positive = new List<List<int>>();
        var negative = new List<List<int>>();
        foreach (var members in groups.Values)
        {
            var positives = members.Count(i => records[i].IsPositive);
            (positives * 2 >= members.Count ? positive : negative).Add(members);
        }

        return [positive, negative];
    }

    private static System.Collections.ObjectModel.ReadOnlyCollection<RadiographRecord> Pick(IReadOnlyList<RadiographRecord> records, List<int> indices) =>
        indices.Select(i => records[i]).ToList().AsReadOnly();
}
