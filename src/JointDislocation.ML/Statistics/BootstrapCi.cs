namespace JointDislocation.ML.Statistics;

/// <summary>
/// Stratified percentile bootstrap of the AUROC: each replicate draws the positives from the positives and the
/// negatives from the negatives, with replacement, so that every replicate has both classes (as pROC's
/// <c>ci.auc(method = "bootstrap", boot.stratified = TRUE)</c>). Replicates run in parallel; replicate b draws
/// from its own generator seeded from (seed, b), so the result is the same whatever the thread count.
/// </summary>
public static class BootstrapCi
{
    /// <summary>Computes the interval. One sort, then O(n) per replicate.</summary>
    /// <param name="labels">One label per case; <see langword="true"/> is positive.</param>
    /// <param name="scores">One finite score per case.</param>
    /// <param name="options">Replicates, seed, level, threads; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Stops the replicates.</param>
    /// <returns>The interval, NaN when a class is empty.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The lengths differ, a score is not finite, or an option is invalid.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static BootstrapResult Compute(
        IReadOnlyList<bool> labels, IReadOnlyList<double> scores, BootstrapOptions? options = null, CancellationToken cancellationToken = default)
    {
        ScoreChecks.LabelsAndScores(labels, scores);
        options ??= new BootstrapOptions();
        options.Validate();

        var n = labels.Count;
        var keys = new double[n];
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            keys[i] = scores[i];
            order[i] = i;
        }

        Array.Sort(keys, order);

        // Work in sorted positions: isPositive[s], and groupEnd[s] = end of the tie group that starts at s.
        var isPositive = new bool[n];
        var positives = new List<int>();
        var negatives = new List<int>();
        for (var s = 0; s < n; s++)
        {
            isPositive[s] = labels[order[s]];
            (isPositive[s] ? positives : negatives).Add(s);
        }

        var estimates = new double[options.Replicates];
        if (positives.Count == 0 || negatives.Count == 0)
        {
            Array.Fill(estimates, double.NaN);
            return new BootstrapResult(new ConfidenceInterval(double.NaN, double.NaN, options.Level), options.Replicates, options.Seed, estimates);
        }

        var groupEnd = new int[n];
        for (var start = 0; start < n;)
        {
            var end = start + 1;
            while (end < n && keys[end] == keys[start])
            {
                end++;
            }

            groupEnd[start] = end;
            start = end;
        }

        var positiveArray = positives.ToArray();
        var negativeArray = negatives.ToArray();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        Parallel.For(
            0,
            options.Replicates,
            parallel,
            () => new int[n],
            (b, _, counts) =>
            {
                var random = new DeterministicRandom(SeedDerivation.Derive(options.Seed, b));
                foreach (var unused in positiveArray)
                {
                    counts[positiveArray[random.Next(positiveArray.Length)]]++;
                }

                foreach (var unused in negativeArray)
                {
                    counts[negativeArray[random.Next(negativeArray.Length)]]++;
                }

                estimates[b] = WeightedAuroc(counts, isPositive, groupEnd, positiveArray.Length, negativeArray.Length);
                Array.Clear(counts);
                return counts;
            },
            _ => { });

        var sorted = (double[])estimates.Clone();
        Array.Sort(sorted);
        var alpha = (1 - options.Level) / 2;
        var interval = new ConfidenceInterval(Quantile(sorted, alpha), Quantile(sorted, 1 - alpha), options.Level);
        return new BootstrapResult(interval, options.Replicates, options.Seed, estimates);
    }

    /// <summary>R's default quantile (type 7): linear interpolation between order statistics.</summary>
    internal static double Quantile(double[] sorted, double probability)
    {
        var h = (sorted.Length - 1) * probability;
        var low = (int)Math.Floor(h);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (h - low) * (sorted[high] - sorted[low]);
    }

    private static double WeightedAuroc(int[] counts, bool[] isPositive, int[] groupEnd, long m, long k)
    {
        long twiceWins = 0;
        long negativesBelow = 0;
        for (var start = 0; start < counts.Length; start = groupEnd[start])
        {
            long p = 0, q = 0;
            for (var s = start; s < groupEnd[start]; s++)
            {
                if (isPositive[s])
                {
                    p += counts[s];
                }
                else
                {
                    q += counts[s];
                }
            }

            twiceWins += p * (2 * negativesBelow + q);
            negativesBelow += q;
        }

        return twiceWins / (2.0 * m * k);
    }
}
