using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using JointDislocation.ML.Phantoms;

namespace JointDislocation.ML.Benchmarks;

/// <summary>
/// <c>phantoms [--count N] [--size S] [--style internet|hospital] [--threads T] [--json]</c>: generates N phantoms of
/// S×S (all joints, both labels) and encodes each as PNG, in parallel; prints images per second.
/// </summary>
internal sealed class PhantomBenchmark : IQuickBenchmark
{
    public string Name => "phantoms";

    public string Description => "400 phantoms of 512x512 (generate + PNG), images/s";

    public Task<int> RunAsync(string[] args)
    {
        var count = Read(args, "--count", 400);
        var size = Read(args, "--size", 512);
        var threads = Read(args, "--threads", Environment.ProcessorCount);
        var style = args.SkipWhile(a => a != "--style").Skip(1).FirstOrDefault() is { } s && PhantomLabels.TryParseStyle(s, out var parsed) ? parsed : PhantomStyle.Internet;
        var json = args.Contains("--json");

        // Warm up the JIT and Skia outside the measurement.
        PhantomCodec.EncodePng(PhantomGenerator.Generate(new PhantomOptions { Width = size, Height = size, Style = style }, 0).Image);

        long bytes = 0;
        var watch = Stopwatch.StartNew();
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            var joint = JointNames.All[i % 4];
            var options = new PhantomOptions { Joint = joint, Dislocated = (i / 4) % 2 == 1, Style = style, Width = size, Height = size };
            var png = PhantomCodec.EncodePng(PhantomGenerator.Generate(options, i + 1).Image);
            Interlocked.Add(ref bytes, png.Length);
        });
        watch.Stop();

        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count} phantoms of {size}x{size} ({style.ToName()}) on {threads} threads: {seconds:0.00} s, {count / seconds:0.0} images/s, mean PNG {bytes / count / 1024.0:0} KiB"));
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { benchmark = Name, count, size, style = style.ToName(), threads, seconds = Math.Round(seconds, 3), imagesPerSecond = Math.Round(count / seconds, 1) }));
        }

        return Task.FromResult(0);
    }

    private static int Read(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }
}
