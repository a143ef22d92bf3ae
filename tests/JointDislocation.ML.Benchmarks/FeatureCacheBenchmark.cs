using System.Diagnostics;
using System.Globalization;
using JointDislocation.ML.Backbones;
using JointDislocation.ML.Data;

namespace JointDislocation.ML.Benchmarks;

/// <summary>
/// Featurisation through the on-disk feature cache: a cold pass (every image computed and stored) against a warm
/// rerun on the same images (every entry read back and verified), as <c>jdml train</c> and <c>reproduce</c> see it.
/// </summary>
internal sealed class FeatureCacheBenchmark : IQuickBenchmark
{
    public string Name => "cache";

    public string Description => "feature cache: cold featurisation vs warm rerun (--images N, --json)";

    public async Task<int> RunAsync(string[] args)
    {
        var count = args.SkipWhile(a => a != "--images").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(100);
        var json = args.Contains("--json");
        var folder = Path.Combine(Path.GetTempPath(), $"jdml-cache-bench-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "images"));
            var paths = PipelineImages.Write(Path.Combine(folder, "images"), count, seed: 7);
            var images = paths.Select(p => RadiographDecoder.Decode(p)).ToList();
            var backbone = Backbone.ResNet18();
            backbone.Featurize(images.Take(2).ToList()); // session start-up is not part of either pass
            var requests = images.Select(i => FeatureCacheRequest.ForImage(i)).ToList();

            var cache = new FeatureCache(Path.Combine(folder, "cache"));
            var cold = Stopwatch.StartNew();
            await cache.FeaturizeAsync(backbone, requests);
            cold.Stop();

            var warmCache = new FeatureCache(Path.Combine(folder, "cache"));
            var warm = Stopwatch.StartNew();
            await warmCache.FeaturizeAsync(backbone, requests);
            warm.Stop();

            var speedup = cold.Elapsed.TotalSeconds / warm.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{count} images: cold {cold.Elapsed.TotalSeconds:0.00} s ({count / cold.Elapsed.TotalSeconds:0.0} img/s), warm {warm.Elapsed.TotalSeconds:0.000} s ({count / warm.Elapsed.TotalSeconds:0} img/s), speed-up {speedup:0.0}x; warm hits {warmCache.Hits}, misses {warmCache.Misses}"));
            if (json)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{{\"images\":{count},\"coldSeconds\":{cold.Elapsed.TotalSeconds:0.###},\"warmSeconds\":{warm.Elapsed.TotalSeconds:0.####},\"speedup\":{speedup:0.##},\"warmHits\":{warmCache.Hits}}}"));
            }

            return warmCache.Hits == count ? 0 : 1;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
