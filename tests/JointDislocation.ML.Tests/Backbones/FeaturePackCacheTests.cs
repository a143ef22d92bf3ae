using JointDislocation.ML.Backbones;
using JointDislocation.ML.Tests.Training;

namespace JointDislocation.ML.Tests.Backbones;

/// <summary>The pack layout of the feature cache: one pack and index per writer, shared safely, damage never trusted.</summary>
public sealed class FeaturePackCacheTests
{
    [Test]
    public async Task Writers_on_one_folder_each_append_to_their_own_pack_and_read_each_others_entries()
    {
        using var folder = new TemporaryDirectory("jdml-pack");
        var backbone = new GridBackbone();
        var loads = 0;
        var requests = Requests(6, () => Interlocked.Increment(ref loads));

        // Two writers at once on overlapping halves, then a third reader that must find all six.
        var a = new FeatureCache(folder.Path, FeatureCacheLayout.Pack);
        var b = new FeatureCache(folder.Path, FeatureCacheLayout.Pack);
        var outputs = await Task.WhenAll(
            Task.Run(() => a.FeaturizeAsync(backbone, requests.Take(4).ToList())),
            Task.Run(() => b.FeaturizeAsync(backbone, requests.Skip(2).ToList())));
        var reader = new FeatureCache(folder.Path, FeatureCacheLayout.Pack);
        var again = await reader.FeaturizeAsync(backbone, requests);

        Assert.That(reader.Hits, Is.EqualTo(6));
        Assert.That(reader.Misses, Is.Zero);
        Assert.That(loads, Is.LessThanOrEqualTo(8));
        Assert.That(again[0].PooledToArray(), Is.EqualTo(outputs[0][0].PooledToArray()));
        Assert.That(again[5].MapToArray(), Is.EqualTo(outputs[1][3].MapToArray()));
        var packs = Directory.GetFiles(Path.Combine(folder.Path, "packs"));
        Assert.That(packs.Count(p => p.EndsWith(".pack", StringComparison.Ordinal)), Is.EqualTo(2), "one pack per writer; the reader wrote nothing");
        Assert.That(packs.Count(p => p.EndsWith(".idx", StringComparison.Ordinal)), Is.EqualTo(2));
        Assert.That(Directory.GetDirectories(folder.Path).Select(Path.GetFileName), Is.EqualTo(new[] { "packs" }), "no file per entry");
    }

    [Test]
    public async Task A_flipped_byte_in_a_pack_is_found_and_recomputed_not_trusted()
    {
        using var folder = new TemporaryDirectory("jdml-pack");
        var backbone = new GridBackbone();
        var requests = Requests(3, () => { });
        var first = await new FeatureCache(folder.Path, FeatureCacheLayout.Pack).FeaturizeAsync(backbone, requests);
        var pack = Directory.GetFiles(Path.Combine(folder.Path, "packs"), "*.pack").Single();
        var bytes = File.ReadAllBytes(pack);
        var entry = bytes.Length / 3;
        bytes[entry + (entry / 2)] ^= 0x10; // inside the second entry's floats
        File.WriteAllBytes(pack, bytes);

        var cache = new FeatureCache(folder.Path, FeatureCacheLayout.Pack);
        var second = await cache.FeaturizeAsync(backbone, requests);
        var third = new FeatureCache(folder.Path, FeatureCacheLayout.Pack);
        await third.FeaturizeAsync(backbone, requests);

        Assert.That(cache.Damaged, Is.EqualTo(1));
        Assert.That(cache.Hits, Is.EqualTo(2));
        Assert.That(second[1].PooledToArray(), Is.EqualTo(first[1].PooledToArray()), "the damaged entry was recomputed");
        // A fresh reader knows both copies of the second entry; it may try the damaged one first, but never uses it.
        Assert.That(third.Hits, Is.EqualTo(3), "the recomputed copy is found");
        Assert.That(third.Damaged, Is.InRange(0, 1));
        Assert.That(third.Misses, Is.Zero);
    }

    [Test]
    public async Task A_torn_index_record_is_ignored()
    {
        using var folder = new TemporaryDirectory("jdml-pack");
        var backbone = new GridBackbone();
        var requests = Requests(2, () => { });
        await new FeatureCache(folder.Path, FeatureCacheLayout.Pack).FeaturizeAsync(backbone, requests);
        var index = Directory.GetFiles(Path.Combine(folder.Path, "packs"), "*.idx").Single();
        var bytes = File.ReadAllBytes(index);
        bytes[^1] ^= 0xFF; // the last record's checksum: as if the write had been torn
        File.WriteAllBytes(index, bytes.Concat(new byte[7]).ToArray());

        var cache = new FeatureCache(folder.Path, FeatureCacheLayout.Pack);
        await cache.FeaturizeAsync(backbone, requests);

        Assert.That(cache.Hits, Is.EqualTo(1));
        Assert.That(cache.Misses, Is.EqualTo(1));
        Assert.That(cache.Damaged, Is.Zero, "a torn record is not published, so it is not a damaged entry");
    }

    private static List<FeatureCacheRequest> Requests(int count, Action onLoad) =>
        [.. Enumerable.Range(0, count).Select(i =>
        {
            var image = BackboneTestImages.Create(60 + (10 * i), 80, 40 + i);
            return new FeatureCacheRequest(FeatureCacheKey.HashImage(image), FeatureCacheKey.Original, () =>
            {
                onLoad();
                return image;
            });
        })];
}
