using JointDislocation.ML.Data;

namespace JointDislocation.ML.Tests.Data;

public class DataShardTests
{
    [Test]
    public void A_files_shard_is_pinned_and_does_not_depend_on_separators_or_unicode_form()
    {
        // Pinned: the rule is documented (docs/scale-out.md); changing it would scatter the files of a rerun.
        Assert.That(DataShard.Assign("hip/located/a.png", 100), Is.EqualTo(DataShard.Assign("hip\\located\\a.png", 100)));
        Assert.That(DataShard.Assign("./hip/located/a.png", 100), Is.EqualTo(DataShard.Assign("hip/located/a.png", 100)));
        Assert.That(DataShard.Assign("caf\u00e9.png", 7), Is.EqualTo(DataShard.Assign("cafe\u0301.png", 7)));
        var digest = System.Security.Cryptography.SHA256.HashData("hip/located/a.png"u8);
        var expected = (int)(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(digest) % 100UL);
        Assert.That(DataShard.Assign("hip/located/a.png", 100), Is.EqualTo(expected));
        Assert.That(DataShard.Assign("anything", 1), Is.Zero);
    }

    [Test]
    public void Parse_reads_I_of_N_and_refuses_the_rest()
    {
        Assert.That(DataShard.Parse("3/100"), Is.EqualTo(new DataShard(3, 100)));
        Assert.That(DataShard.Parse("0/1").Name, Is.EqualTo("0-of-1"));
        foreach (var bad in new[] { "3/3", "-1/3", "1/0", "1", "a/b", "1/2/3", " 1/2", "1/2000000" })
        {
            Assert.Throws<FormatException>(() => DataShard.Parse(bad), bad);
        }
    }

    [Test]
    public void Shards_of_a_folder_partition_its_listing_and_share_its_fingerprint()
    {
        using var folder = new TemporaryDirectory("jdml-shard-data");
        for (var i = 0; i < 30; i++)
        {
            var label = i % 2 == 0 ? "dislocated" : "located";
            Directory.CreateDirectory(folder.Combine(label));
            File.WriteAllBytes(folder.Combine(label, $"img-{i:D2}.png"), TestImages.GrayPng(16, 16, TestImages.Pattern(16, 16, i)));
        }

        File.WriteAllText(folder.Combine("located", "broken.png"), "no image");
        var whole = RadiographDataset.Load(folder.Path);
        var parts = Enumerable.Range(0, 4).Select(i => RadiographDataset.Load(folder.Path, new DatasetOptions { Shard = new DataShard(i, 4) })).ToList();

        Assert.That(whole.ListingCount, Is.EqualTo(31));
        Assert.That(parts.Select(p => p.ListingFingerprint).Distinct(), Is.EqualTo(new[] { whole.ListingFingerprint }));
        Assert.That(parts.Select(p => p.ListingCount).Distinct(), Is.EqualTo(new[] { 31 }));
        var merged = parts.SelectMany(p => p.Records).OrderBy(r => r.ListingIndex).ToList();
        Assert.That(merged, Is.EqualTo(whole.Records));
        Assert.That(parts.SelectMany(p => p.Skipped).OrderBy(s => s.ListingIndex).ToList(), Is.EqualTo(whole.Skipped));
        Assert.That(whole.Records.Concat<object>(whole.Skipped).Count(), Is.EqualTo(31));
        Assert.That(parts.Count(p => p.Records.Count > 0), Is.GreaterThan(1));
        foreach (var (part, index) in parts.Select((p, i) => (p, i)))
        {
            Assert.That(part.Records.All(r => DataShard.Assign(Path.GetRelativePath(folder.Path, r.Path), 4) == index));
        }

        File.WriteAllBytes(folder.Combine("located", "img-99.png"), TestImages.GrayPng(16, 16, TestImages.Pattern(16, 16, 99)));
        Assert.That(RadiographDataset.Load(folder.Path).ListingFingerprint, Is.Not.EqualTo(whole.ListingFingerprint), "a new file changes the listing");
    }

    [Test]
    public void An_unlabelled_folder_is_read_recursively_in_ordinal_order_without_hidden_files()
    {
        using var folder = new TemporaryDirectory("jdml-archive");
        foreach (var relative in new[] { "b/2.png", "a/z.png", "a/10.png", "top.png", ".hidden/x.png", "a/.x.png" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(folder.Combine(relative))!);
            File.WriteAllBytes(folder.Combine(relative), TestImages.GrayPng(16, 16, TestImages.Pattern(16, 16)));
        }

        var dataset = RadiographDataset.Load(folder.Path, new DatasetOptions { Unlabelled = true });

        Assert.That(dataset.Records.Select(r => Path.GetRelativePath(folder.Path, r.Path).Replace('\\', '/')), Is.EqualTo(new[] { "a/10.png", "a/z.png", "b/2.png", "top.png" }));
        Assert.That(dataset.Records.All(r => !r.IsLabelled && r.Label.Length == 0));
        Assert.That(dataset.Records.Select(r => r.ListingIndex), Is.EqualTo(new[] { 0, 1, 2, 3 }));
    }

    [Test]
    public void An_unlabelled_manifest_needs_only_a_path_column_and_a_labelled_one_still_needs_labels()
    {
        using var folder = new TemporaryDirectory("jdml-archive-csv");
        File.WriteAllBytes(folder.Combine("a.png"), TestImages.GrayPng(16, 16, TestImages.Pattern(16, 16)));
        File.WriteAllText(folder.Combine("m.csv"), "path\na.png\nmissing.png\n");

        var dataset = RadiographDataset.Load(folder.Combine("m.csv"), new DatasetOptions { Unlabelled = true });

        Assert.That(dataset.Records.Single().Path, Is.EqualTo(folder.Combine("a.png")));
        Assert.That(dataset.Skipped.Single().ListingIndex, Is.EqualTo(1));
        Assert.That(() => RadiographDataset.Load(folder.Combine("m.csv")), Throws.TypeOf<InvalidInputException>().With.Message.Contains("label"));
    }

    [Test]
    public void Concurrent_first_tasks_agree_on_one_plan_and_a_disagreeing_one_is_refused()
    {
        using var folder = new TemporaryDirectory("jdml-plan");
        ShardPlan Plan(int count) => new("score", count, "abc", "def", 10, "/data", new Dictionary<string, string> { ["strict"] = "false" });

        Parallel.For(0, 16, _ => ShardStore.Agree(folder.Path, Plan(4)));

        Assert.That(ShardPlan.Read(Path.Combine(folder.Path, "shards", "plan.json")).Differences(Plan(4)), Is.Empty);
        Assert.That(Directory.GetFiles(Path.Combine(folder.Path, "shards")).Select(Path.GetFileName), Is.EqualTo(new[] { "plan.json" }), "no temporary file is left");
        var refused = Assert.Throws<InvalidInputException>(() => ShardStore.Agree(folder.Path, Plan(5)));
        Assert.That(refused!.Message, Does.Contain("the shard count is 5, the plan says 4"));
    }
}
