using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using JointDislocation.ML.Statistics;

namespace JointDislocation.ML.Benchmarks;

/// <summary>
/// <c>roc</c>: times AUROC plus DeLong standard error (<see cref="DeLong.Compute"/>, one thread) for n = 1e3 … 1e7
/// scores and shows that the time grows as n log n: the time per n·log₂n stays flat, and the fitted exponent of
/// time against n is close to 1. Options: <c>--max N</c> (largest n, default 10000000), <c>--json</c> (only the
/// JSON line).
/// </summary>
internal sealed class RocScalingBenchmark : IQuickBenchmark
{
    public string Name => "roc";

    public string Description => "AUROC + DeLong SE for n = 1e3…1e7 on one core; checks n log n growth (JSON line last).";

    public Task<int> RunAsync(string[] args)
    {
        var max = 10_000_000;
        var jsonOnly = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--max" && i + 1 < args.Length)
            {
                max = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else if (args[i] == "--json")
            {
                jsonOnly = true;
            }
        }

        // Let tiered JIT finish (tier-1 code arrives after ~30 calls and a 100 ms delay) before anything is timed.
        var (warmLabels, warmScores) = MakeData(10_000, seed: 1);
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed.TotalSeconds < 1.5)
        {
            DeLong.Compute(warmLabels, warmScores);
        }

        var results = new List<(int N, double Seconds)>();
        for (var n = 1000; n <= max; n *= 10)
        {
            var (labels, scores) = MakeData(n, seed: n);
            DeLong.Compute(labels, scores); // warm-up (JIT, tiering)
            var repetitions = Math.Max(3, 3_000_000 / n);
            var best = double.MaxValue;
            double se = 0;
            for (var r = 0; r < repetitions; r++)
            {
                var stopwatch = Stopwatch.StartNew();
                var result = DeLong.Compute(labels, scores);
                stopwatch.Stop();
                se = result.StandardError;
                best = Math.Min(best, stopwatch.Elapsed.TotalSeconds);
            }

            results.Add((n, best));
            if (!jsonOnly)
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"n = {n,10:N0}  {best * 1000,10:F2} ms  {best * 1e9 / (n * Math.Log2(n)),7:F2} ns per n·log2(n)  (SE {se:G4})"));
            }
        }

        // Least-squares slope of log(time) on log(n): 1 for linear, about 1.1 for n log n over this range.
        var xs = results.Select(r => Math.Log(r.N)).ToArray();
        var ys = results.Select(r => Math.Log(r.Seconds)).ToArray();
        var meanX = xs.Average();
        var meanY = ys.Average();
        var slope = xs.Zip(ys).Sum(p => (p.First - meanX) * (p.Second - meanY)) / xs.Sum(x => (x - meanX) * (x - meanX));
        var million = results.FirstOrDefault(r => r.N == 1_000_000);
        var json = JsonSerializer.Serialize(new
        {
            benchmark = "roc",
            operation = "DeLong.Compute (AUROC + DeLong SE), one thread, best of repetitions",
            results = results.Select(r => new { n = r.N, seconds = r.Seconds, nsPerNLog2N = r.Seconds * 1e9 / (r.N * Math.Log2(r.N)) }),
            secondsAtOneMillion = million.N == 0 ? (double?)null : million.Seconds,
            underOneSecondAtOneMillion = million.N == 0 ? (bool?)null : million.Seconds < 1,
            logLogSlope = slope,
            logLogSlopeOfNLog2N = ExpectedSlope(results.Select(r => (double)r.N).ToArray()),
        });
        Console.WriteLine(json);
        return Task.FromResult(0);
    }

    // The slope an exact c·n·log n would show over the same n (1 + 1/ln n on average, ≈ 1.09 for 1e3…1e7).
    private static double ExpectedSlope(double[] ns)
    {
        var xs = ns.Select(n => Math.Log(n)).ToArray();
        var ys = ns.Select(n => Math.Log(n * Math.Log2(n))).ToArray();
        var meanX = xs.Average();
        var meanY = ys.Average();
        return xs.Zip(ys).Sum(p => (p.First - meanX) * (p.Second - meanY)) / xs.Sum(x => (x - meanX) * (x - meanX));
    }

    private static (bool[] Labels, double[] Scores) MakeData(int n, int seed)
    {
        var random = new Random(seed);
        var labels = new bool[n];
        var scores = new double[n];
        for (var i = 0; i < n; i++)
        {
            labels[i] = random.Next(2) == 1;
            // A shifted normal score, rounded to 1e-4 so that there are ties, as real model outputs have.
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            scores[i] = Math.Round(normal + (labels[i] ? 1 : 0), 4);
        }

        return (labels, scores);
    }
}
