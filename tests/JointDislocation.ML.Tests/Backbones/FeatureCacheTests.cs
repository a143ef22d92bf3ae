using JointDislocation.ML.Augmentation;
using JointDislocation.ML.Backbones;
using JointDislocation.ML.Data;

namespace JointDislocation.ML.Tests.Backbones;

public sealed class FeatureCacheTests
{
    [Test]
    public async Task Rerun_IsServedFromDiskWithoutLoadingImages()
    {
        using var folder = new TemporaryDirectory("jdml-cache");
        var backbone = Backbone.ResNet18();
        var loads = 0;
        var requests = Requests(3, () => Interlocked.Increment(ref loads));

        var first = await new FeatureCache(folder.Path).FeaturizeAsync(backbone, requests);
        var cache = new FeatureCache(folder.Path);
        var second = await cache.FeaturizeAsync(backbone, requests);

        Assert.Multiple(() =>
        {
            Assert.That(loads, Is.EqualTo(3), "images loaded only on the first run");
            Assert.That(cache.Hits, Is.EqualTo(3));
            Assert.That(cache.Misses, Is.Zero);
            for (var i = 0; i < 3; i++)
            {
                Assert.That(second[i].PooledToArray(), Is.EqualTo(first[i].PooledToArray()));
                Assert.That(second[i].MapToArray(), Is.EqualTo(first[i].MapToArray()));
                Assert.That(second[i].MapShape, Is.EqualTo(first[i].MapShape));
            }
        });
    }

    [Test]
    public async Task OtherAugmentationDrawOrBackbone_IsAMiss()
    {
        using var folder = new TemporaryDirectory("jdml-cache");
        var cache = new FeatureCache(folder.Path);
        var image = BackboneTestImages.Create(150, 150, 5);
        await cache.FeaturizeAsync(Backbone.ResNet18(), [FeatureCacheRequest.ForImage(image)]);

        await cache.FeaturizeAsync(Backbone.ResNet18(), [FeatureCacheRequest.ForImage(image, "rotation:3")]);
        await cache.FeaturizeAsync(Backbone.ResNet18(ResizePolicy.Stretch), [FeatureCacheRequest.ForImage(image)]);
        await cache.FeaturizeAsync(Backbone.ResNet18(), [FeatureCacheRequest.ForImage(image)]);

        Assert.Multiple(() =>
        {
            Assert.That(cache.Misses, Is.EqualTo(3));
            Assert.That(cache.Hits, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Another_decoder_option_is_a_miss()
    {
        using var folder = new TemporaryDirectory("jdml-cache");
        var cache = new FeatureCache(folder.Path);
        var backbone = new Training.GridBackbone();
        var images = new[] { BackboneTestImages.Create(120, 100, 1), BackboneTestImages.Create(100, 120, 2) };
        var entries = AugmentationPlanner.Plan(null, AugmentationMode.None, images.Length);
        var defaults = ImageDecodingOptions.Default;
        var smallerFiles = defaults with { MaxFileBytes = defaults.MaxFileBytes / 2 };

        await JointDislocation.ML.Training.FeatureTable.BuildAsync(images, entries, backbone, cache, defaults, null, CancellationToken.None);
        await JointDislocation.ML.Training.FeatureTable.BuildAsync(images, entries, backbone, cache, defaults, null, CancellationToken.None);
        Assert.That((cache.Misses, cache.Hits), Is.EqualTo((2L, 2L)), "same decoder settings: served from the cache");

        await JointDislocation.ML.Training.FeatureTable.BuildAsync(images, entries, backbone, cache, smallerFiles, null, CancellationToken.None);
        Assert.That((cache.Misses, cache.Hits), Is.EqualTo((4L, 2L)), "one decoder option changed: every image is a miss");
    }

    [Test]
    public void Decoder_cache_identity_names_every_setting()
    {
        var identity = ImageDecodingOptions.Default.CacheIdentity();

        // A setting added to ImageDecodingOptions must join the identity, or the cache could serve stale features.
        foreach (var property in typeof(ImageDecodingOptions).GetProperties().Where(p => !p.GetMethod!.IsStatic))
        {
            var name = char.ToLowerInvariant(property.Name[0]) + property.Name[1..];
            Assert.That(identity, Does.Contain(name + "="), property.Name);
        }
    }

    [TestCase("truncate")]
    [TestCase("flip")]
    [TestCase("empty")]
    public async Task DamagedEntry_IsRecomputedNotUsed(string damage)
    {
        using var folder = new TemporaryDirectory("jdml-cache");
        var backbone = Backbone.ResNet18();
        var requests = Requests(2, () => { });
        var original = await new FeatureCache(folder.Path).FeaturizeAsync(backbone, requests);
        var cache = new FeatureCache(folder.Path, new ListLogger());
        var path = cache.PathFor(new FeatureCacheKey(requests[1].ImageSha256, backbone.Fingerprint, FeatureCacheKey.Original));
        var bytes = File.ReadAllBytes(path);
        switch (damage)
        {
            case "truncate":
                File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
                break;
            case "flip":
                bytes[bytes.Length / 2] ^= 0x40;
                File.WriteAllBytes(path, bytes);
                break;
            default:
                File.WriteAllBytes(path, []);
                break;
        }

        var again = await cache.FeaturizeAsync(backbone, requests);
        var third = new FeatureCache(folder.Path);
        var repaired = third.TryGet(new FeatureCacheKey(requests[1].ImageSha256, backbone.Fingerprint, FeatureCacheKey.Original), out var fromDisk);

        Assert.Multiple(() =>
        {
            Assert.That(cache.Damaged, Is.EqualTo(1));
            Assert.That(cache.Hits, Is.EqualTo(1));
            Assert.That(again[1].PooledToArray(), Is.EqualTo(original[1].PooledToArray()));
            Assert.That(repaired, Is.True, "the recomputed entry was stored intact");
            Assert.That(fromDisk!.PooledToArray(), Is.EqualTo(original[1].PooledToArray()));
        });
    }

    [Test]
    public void EntryUnderAnotherKeysName_IsRefused()
    {
        using var folder = new TemporaryDirectory("jdml-cache");
        var cache = new FeatureCache(folder.Path);
        var output = new BackboneOutput([1f, 2f], new float[8], new FeatureMapShape(2, 2, 2));
        var a = new FeatureCacheKey("aa", "fp", FeatureCacheKey.Original);
        var b = new FeatureCacheKey("bb", "fp", FeatureCacheKey.Original);
        cache.Put(a, output);
        Directory.CreateDirectory(Path.GetDirectoryName(cache.PathFor(b))!);
        File.Copy(cache.PathFor(a), cache.PathFor(b));

        Assert.Multiple(() =>
        {
            Assert.That(cache.TryGet(a, out var read), Is.True);
            Assert.That(read!.PooledToArray(), Is.EqualTo(new[] { 1f, 2f }));
            Assert.That(cache.TryGet(b, out _), Is.False);
            Assert.That(cache.Damaged, Is.EqualTo(1));
        });
    }

    [Test]
    public void IncompleteKey_IsRejected()
    {
        using var folder = new TemporaryDirectory("jdml-cache");
        var cache = new FeatureCache(folder.Path);

        Assert.That(() => cache.TryGet(new FeatureCacheKey("", "fp", ""), out _),
            Throws.ArgumentException.With.Message.Contains("ImageSha256").And.Message.Contains("AugmentationDraw"));
    }

    private static List<FeatureCacheRequest> Requests(int count, Action onLoad) =>
        [.. Enumerable.Range(0, count).Select(i =>
        {
            var image = BackboneTestImages.Create(160 + (20 * i), 200, 90 + i);
            return new FeatureCacheRequest(FeatureCacheKey.HashImage(image), FeatureCacheKey.Original, () =>
            {
                onLoad();
                return image;
            });
        })];
}
