using System.Text.Json;
using JointDislocation.ML.Data;
using JointDislocation.ML.Statistics;
using JointDislocation.ML.Tests.Packaging;

namespace JointDislocation.ML.Tests.Cli;

/// <summary>
/// <c>jdml score</c>, <c>--shard</c> on score and evaluate, and <c>jdml merge</c>: the shards of an array job, merged,
/// give byte for byte what one process writes; a missing, duplicated or foreign shard stops the merge with exit 2.
/// </summary>
[NonParallelizable]
public class ShardCommandsTests
{
    private TemporaryDirectory _folder = null!;
    private string _model = null!;
    private string _test = null!;

    [OneTimeSetUp]
    public async Task Train()
    {
        _folder = new TemporaryDirectory("jdml-shards");
        var train = await CliRunner.RunAsync("phantoms", "--out", _folder.Combine("train"), "--joints", "hip", "--per-class", "12", "--seed", "3");
        Assert.That(train.ExitCode, Is.Zero, train.Error);
        var fit = await CliRunner.RunAsync("train", "--data", _folder.Combine("train"), "--out", _folder.Combine("model"), "--joint", "hip",
            "--heads", "logreg", "--augment", "none", "--folds", "3", "--seed", "5");
        Assert.That(fit.ExitCode, Is.Zero, fit.Error);
        _model = _folder.Combine("model", "model.jdml");
        var test = await CliRunner.RunAsync("phantoms", "--out", _test = _folder.Combine("test"), "--joints", "hip", "--per-class", "10", "--seed", "4");
        Assert.That(test.ExitCode, Is.Zero, test.Error);
        // A file that is no image: skipped (with its reason) by one shard, and listed by the merge where one process lists it.
        File.WriteAllText(Path.Combine(_test, "hip", "located", "zz-not-an-image.png"), "not an image");
    }

    [OneTimeTearDown]
    public void CleanUp() => _folder.Dispose();

    [Test]
    public async Task Evaluate_in_three_shards_then_merge_writes_what_one_process_writes_byte_for_byte()
    {
        var single = _folder.Combine("eval-single");
        var sharded = _folder.Combine("eval-sharded");
        var one = await CliRunner.RunAsync("evaluate", "--model", _model, "--data", _test, "--out", single, "--bootstrap", "60");
        Assert.That(one.ExitCode, Is.Zero, one.Error);
        foreach (var index in new[] { 2, 0, 1 })
        {
            var part = await CliRunner.RunAsync("evaluate", "--model", _model, "--data", _test, "--out", sharded, "--bootstrap", "60", "--shard", $"{index}/3");
            Assert.That(part.ExitCode, Is.Zero, part.Error);
            Assert.That(Directory.Exists(Path.Combine(sharded, "shards", $"{index}-of-3")));
        }

        Assert.That(File.Exists(Path.Combine(sharded, "metrics.json")), Is.False, "a shard writes only its own folder");
        var merged = await CliRunner.RunAsync("merge", "--out", sharded);

        Assert.That(merged.ExitCode, Is.Zero, merged.Error);
        Assert.That(merged.Output, Is.EqualTo(one.Output.Replace(single, sharded, StringComparison.Ordinal)));
        foreach (var file in new[] { "scores.csv", "metrics.json", "roc.csv", "roc.png" })
        {
            Assert.That(File.ReadAllBytes(Path.Combine(sharded, file)), Is.EqualTo(File.ReadAllBytes(Path.Combine(single, file))), file);
        }

        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(sharded, "metrics.json")));
        Assert.That(metrics.RootElement.GetProperty("skipped").GetArrayLength(), Is.EqualTo(1));
        Assert.That(metrics.RootElement.GetProperty("bootstrap").GetProperty("replicates").GetInt32(), Is.EqualTo(60));
    }

    [Test]
    public async Task Score_writes_path_probability_label_threshold_in_input_order_and_the_skipped_files()
    {
        var output = _folder.Combine("score-single");

        var result = await CliRunner.RunAsync("score", "--model", _model, "--data", _test, "--out", output);

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        var lines = File.ReadAllLines(Path.Combine(output, "scores.csv"));
        Assert.That(lines[0], Is.EqualTo("path,probability,label,threshold"));
        Assert.That(lines, Has.Length.EqualTo(21), "20 phantoms; the non-image and the manifest are skipped");
        var paths = lines.Skip(1).Select(l => l.Split(',')[0]).ToList();
        Assert.That(paths, Is.EqualTo(paths.Order(StringComparer.Ordinal).ToList()), "an unlabelled folder is read in ordinal order of relative paths");
        Assert.That(lines.Skip(1).Select(l => l.Split(',')[2]).Distinct(), Is.SubsetOf(new[] { "dislocated", "located" }));
        var skipped = File.ReadAllLines(Path.Combine(output, "skipped.csv"));
        Assert.That(skipped[0], Is.EqualTo("path,reason"));
        Assert.That(skipped.Skip(1).Select(l => l.Split(',')[0]), Is.EquivalentTo(new[] { Path.Combine(_test, "hip", "located", "zz-not-an-image.png"), Path.Combine(_test, "manifest.csv") }));

        var strict = await CliRunner.RunAsync("score", "--model", _model, "--data", _test, "--out", _folder.Combine("score-strict"), "--strict");
        Assert.That(strict.ExitCode, Is.EqualTo(2));
        Assert.That(strict.Error, Does.Contain("not an image"));
    }

    [Test]
    public async Task The_library_scores_an_archive_to_the_same_bytes_as_the_cli()
    {
        var cli = _folder.Combine("score-cli");
        Assert.That((await CliRunner.RunAsync("score", "--model", _model, "--data", _test, "--out", cli)).ExitCode, Is.Zero);

        // As in docs/scale-out.md, "The same from C#".
        var model = JointDislocation.ML.Training.DislocationModel.Load(_model);
        var archive = RadiographDataset.Load(_test, new DatasetOptions { Unlabelled = true, Joint = model.Manifest.Joint });
        var cache = new JointDislocation.ML.Backbones.FeatureCache(_folder.Combine("library-cache"), JointDislocation.ML.Backbones.FeatureCacheLayout.Pack);
        var (images, skipped) = await JointDislocation.ML.Evaluation.ModelEvaluator.ScoreAsync(model, archive.Records, cache);
        JointDislocation.ML.Evaluation.EvaluationWriter.WritePredictions(_folder.Combine("score-library"), images, archive.Skipped.Concat(skipped));

        Assert.That(File.ReadAllBytes(_folder.Combine("score-library", "scores.csv")), Is.EqualTo(File.ReadAllBytes(Path.Combine(cli, "scores.csv"))));
        Assert.That(File.ReadAllBytes(_folder.Combine("score-library", "skipped.csv")), Is.EqualTo(File.ReadAllBytes(Path.Combine(cli, "skipped.csv"))));
    }

    [Test]
    public async Task Score_reads_a_manifest_with_only_a_path_column()
    {
        var manifest = Path.Combine(_test, "archive.csv");
        var names = Directory.GetFiles(Path.Combine(_test, "hip", "dislocated")).Order(StringComparer.Ordinal).Take(3).Select(Path.GetFileName).ToList();
        File.WriteAllText(manifest, "path\n" + string.Join("\n", names.Select(n => $"hip/dislocated/{n}")) + "\n");
        try
        {
            var result = await CliRunner.RunAsync("score", "--model", _model, "--data", manifest, "--out", _folder.Combine("score-manifest"));

            Assert.That(result.ExitCode, Is.Zero, result.Error);
            var rows = File.ReadAllLines(_folder.Combine("score-manifest", "scores.csv")).Skip(1).Select(l => Path.GetFileName(l.Split(',')[0])).ToList();
            Assert.That(rows, Is.EqualTo(names));
        }
        finally
        {
            File.Delete(manifest);
        }
    }

    [Test]
    public async Task Score_with_shard_auto_takes_the_index_from_the_array_job_and_merges_to_the_single_run()
    {
        var single = _folder.Combine("score-one");
        var sharded = _folder.Combine("score-auto");
        Assert.That((await CliRunner.RunAsync("score", "--model", _model, "--data", _test, "--out", single)).ExitCode, Is.Zero);
        var variables = new[] { "SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX" };
        for (var index = 0; index < 3; index++)
        {
            var environment = new Dictionary<string, string> { [variables[index]] = index.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            var part = await CliRunner.RunWithVariablesAsync(environment, "score", "--model", _model, "--data", _test, "--out", sharded, "--shard", "auto", "--shard-count", "3");
            Assert.That(part.ExitCode, Is.Zero, part.Error);
            Assert.That(part.Output, Does.Contain($"\"shard\":\"{index}/3\""));
        }

        var merged = await CliRunner.RunAsync("merge", "--out", sharded);

        Assert.That(merged.ExitCode, Is.Zero, merged.Error);
        Assert.That(File.ReadAllBytes(Path.Combine(sharded, "scores.csv")), Is.EqualTo(File.ReadAllBytes(Path.Combine(single, "scores.csv"))));
        Assert.That(File.ReadAllBytes(Path.Combine(sharded, "skipped.csv")), Is.EqualTo(File.ReadAllBytes(Path.Combine(single, "skipped.csv"))));
    }

    [Test]
    public async Task Shard_auto_needs_an_explicit_count_and_an_array_index()
    {
        var noCount = await CliRunner.RunWithVariablesAsync(new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "1" },
            "score", "--model", _model, "--data", _test, "--out", _folder.Combine("auto-bad"), "--shard", "auto");
        var noIndex = await CliRunner.RunWithVariablesAsync(new Dictionary<string, string>(),
            "score", "--model", _model, "--data", _test, "--out", _folder.Combine("auto-bad"), "--shard", "auto", "--shard-count", "3");
        var outOfRange = await CliRunner.RunWithVariablesAsync(new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "3" },
            "score", "--model", _model, "--data", _test, "--out", _folder.Combine("auto-bad"), "--shard", "auto", "--shard-count", "3");
        var badText = await CliRunner.RunAsync("score", "--model", _model, "--data", _test, "--out", _folder.Combine("auto-bad"), "--shard", "3/3");

        Assert.That(noCount.ExitCode, Is.EqualTo(2));
        Assert.That(noCount.Error, Does.Contain("--shard-count"));
        Assert.That(noIndex.ExitCode, Is.EqualTo(2));
        Assert.That(noIndex.Error, Does.Contain("SLURM_ARRAY_TASK_ID"));
        Assert.That(outOfRange.ExitCode, Is.EqualTo(2));
        Assert.That(outOfRange.Error, Does.Contain("0 to 2"));
        Assert.That(badText.ExitCode, Is.EqualTo(2));
        Assert.That(Directory.Exists(_folder.Combine("auto-bad")), Is.False, "nothing is written for a bad shard");
    }

    [Test]
    public async Task An_unexpected_failure_is_one_jdml_line_and_exit_code_1_with_the_trace_on_request()
    {
        // A host whose environment cannot be read: nothing the contract names, so it is "any other failure".
        string? Failing(string name, bool debug) => name.StartsWith("SLURM", StringComparison.Ordinal)
            ? throw new InvalidOperationException("the environment block is unreadable.")
            : name == "JDML_DEBUG" && debug ? "1" : null;
        string[] args = ["score", "--model", _model, "--data", _test, "--out", _folder.Combine("unexpected"), "--shard", "auto", "--shard-count", "2"];

        var plain = await CliRunner.RunWithEnvironmentAsync(name => Failing(name, debug: false), args);
        var debug = await CliRunner.RunWithEnvironmentAsync(name => Failing(name, debug: true), args);

        Assert.That(plain.ExitCode, Is.EqualTo(1));
        Assert.That(plain.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), plain.Error);
        Assert.That(plain.Error, Does.StartWith("jdml: unexpected error (InvalidOperationException): the environment block is unreadable."));
        Assert.That(plain.Output, Is.Empty);
        Assert.That(debug.ExitCode, Is.EqualTo(1));
        Assert.That(debug.Error, Does.Contain(" at "), "JDML_DEBUG prints the stack trace");
        Assert.That(Directory.Exists(_folder.Combine("unexpected")), Is.False);
    }

    [Test]
    public async Task A_finished_shard_is_not_redone_and_a_task_of_another_plan_stops_with_exit_2()
    {
        var output = _folder.Combine("rerun");
        var first = await CliRunner.RunAsync("score", "--model", _model, "--data", _test, "--out", output, "--shard", "1/2");
        var records = Path.Combine(output, "shards", "1-of-2", "records.csv");
        var written = File.GetLastWriteTimeUtc(records);

        var again = await CliRunner.RunAsync("score", "--model", _model, "--data", _test, "--out", output, "--shard", "1/2");
        var otherCount = await CliRunner.RunAsync("score", "--model", _model, "--data", _test, "--out", output, "--shard", "0/3");
        var otherCommand = await CliRunner.RunAsync("evaluate", "--model", _model, "--data", _test, "--out", output, "--shard", "0/2");
        var otherData = await CliRunner.RunAsync("score", "--model", _model, "--data", _folder.Combine("train"), "--out", output, "--shard", "0/2");

        Assert.That(first.ExitCode, Is.Zero, first.Error);
        Assert.That(first.Output, Does.Contain("\"alreadyDone\":false"));
        Assert.That(again.ExitCode, Is.Zero, again.Error);
        Assert.That(again.Output, Does.Contain("\"alreadyDone\":true"));
        Assert.That(File.GetLastWriteTimeUtc(records), Is.EqualTo(written));
        Assert.That(otherCount.ExitCode, Is.EqualTo(2));
        Assert.That(otherCount.Error, Does.Contain("the shard count is 3, the plan says 2"));
        Assert.That(otherCommand.ExitCode, Is.EqualTo(2));
        Assert.That(otherCommand.Error, Does.Contain("the command is evaluate"));
        Assert.That(otherData.ExitCode, Is.EqualTo(2));
        Assert.That(otherData.Error, Does.Contain("the data root"));
        Assert.That(Directory.GetDirectories(Path.Combine(output, "shards")).Select(Path.GetFileName), Is.EqualTo(new[] { "1-of-2" }));
    }

    [Test]
    public async Task Merge_names_a_missing_a_duplicated_and_a_foreign_shard_with_exit_2()
    {
        var output = _folder.Combine("broken");
        for (var index = 0; index < 3; index++)
        {
            Assert.That((await CliRunner.RunAsync("score", "--model", _model, "--data", _test, "--out", output, "--shard", $"{index}/3")).ExitCode, Is.Zero);
        }

        var shards = Path.Combine(output, "shards");
        var backup = Path.Combine(output, "shard2-backup");
        Directory.Move(Path.Combine(shards, "2-of-3"), backup);
        var missing = await CliRunner.RunAsync("merge", "--out", output);

        // Shard 0's files copied in as shard 2: they overlap shard 0 (and belong to another shard).
        CopyFolder(Path.Combine(shards, "0-of-3"), Path.Combine(shards, "2-of-3"));
        var duplicated = await CliRunner.RunAsync("merge", "--out", output);
        Directory.Delete(Path.Combine(shards, "2-of-3"), recursive: true);

        Directory.Move(backup, Path.Combine(shards, "2-of-3"));
        CopyFolder(Path.Combine(shards, "1-of-3"), Path.Combine(shards, "1-of-4"));
        var foreign = await CliRunner.RunAsync("merge", "--out", output);
        Directory.Delete(Path.Combine(shards, "1-of-4"), recursive: true);

        var whole = await CliRunner.RunAsync("merge", "--out", output);
        var noShards = await CliRunner.RunAsync("merge", "--out", _folder.Combine("never-sharded"));

        Assert.That(missing.ExitCode, Is.EqualTo(2));
        Assert.That(missing.Error, Does.Contain("1 of 3 shards missing: 2-of-3"));
        Assert.That(duplicated.ExitCode, Is.EqualTo(2));
        Assert.That(duplicated.Error, Does.Contain("2-of-3"));
        Assert.That(foreign.ExitCode, Is.EqualTo(2));
        Assert.That(foreign.Error, Does.Contain("1-of-4").And.Contain("foreign"));
        Assert.That(whole.ExitCode, Is.Zero, whole.Error);
        Assert.That(noShards.ExitCode, Is.EqualTo(2));
        Assert.That(noShards.Error, Does.Contain("plan.json"));
    }

    [Test]
    public async Task Two_real_processes_share_one_pack_cache_and_a_damaged_pack_entry_is_recomputed()
    {
        var cache = _folder.Combine("shared-cache");
        var plain = _folder.Combine("cache-plain");
        Assert.That((await CliRunner.RunAsync("score", "--model", _model, "--data", _test, "--out", plain)).ExitCode, Is.Zero);
        var jdml = Path.Combine(AppContext.BaseDirectory, "jdml.dll");

        // One process scores shard 0 of 2, the other everything, at the same time, into one cache.
        var runs = await Task.WhenAll(
            Task.Run(() => ProcessRunner.Run("dotnet", $"\"{jdml}\" score --model \"{_model}\" --data \"{_test}\" --out \"{_folder.Combine("cache-a")}\" --shard 0/2 --cache \"{cache}\"", _folder.Path, TimeSpan.FromMinutes(3))),
            Task.Run(() => ProcessRunner.Run("dotnet", $"\"{jdml}\" score --model \"{_model}\" --data \"{_test}\" --out \"{_folder.Combine("cache-b")}\" --cache \"{cache}\"", _folder.Path, TimeSpan.FromMinutes(3))));
        Assert.That(runs.Select(r => r.ExitCode), Is.All.Zero, string.Join("\n", runs.Select(r => r.Output)));
        // Each process publishes a pack only for what it computed: two when their work overlapped in time, one when the
        // whole-set process finished before the shard process looked (then the shard process only read).
        Assert.That(Directory.GetFiles(Path.Combine(cache, "packs"), "*.pack"), Has.Length.InRange(1, 2));

        var reuse = await CliRunner.RunAsync("score", "--model", _model, "--data", _test, "--out", _folder.Combine("cache-c"), "--cache", cache);
        Assert.That(reuse.ExitCode, Is.Zero, reuse.Error);
        Assert.That(reuse.Output, Does.Contain("\"cache\":{\"hits\":20,\"misses\":0,\"damaged\":0}"));
        Assert.That(File.ReadAllBytes(_folder.Combine("cache-b", "scores.csv")), Is.EqualTo(File.ReadAllBytes(Path.Combine(plain, "scores.csv"))));
        Assert.That(File.ReadAllBytes(_folder.Combine("cache-c", "scores.csv")), Is.EqualTo(File.ReadAllBytes(Path.Combine(plain, "scores.csv"))));

        // A flipped byte in the middle of every pack: those entries are refused, recomputed, and the scores are unchanged.
        foreach (var pack in Directory.GetFiles(Path.Combine(cache, "packs"), "*.pack"))
        {
            var bytes = File.ReadAllBytes(pack);
            bytes[bytes.Length / 2] ^= 0x01;
            File.WriteAllBytes(pack, bytes);
        }

        var damaged = await CliRunner.RunAsync("score", "--model", _model, "--data", _test, "--out", _folder.Combine("cache-d"), "--cache", cache);
        Assert.That(damaged.ExitCode, Is.Zero, damaged.Error);
        using var json = JsonDocument.Parse(damaged.Output);
        Assert.That(json.RootElement.GetProperty("cache").GetProperty("damaged").GetInt32(), Is.InRange(1, 2));
        Assert.That(File.ReadAllBytes(_folder.Combine("cache-d", "scores.csv")), Is.EqualTo(File.ReadAllBytes(Path.Combine(plain, "scores.csv"))));
    }

    [Test]
    public async Task Explain_in_three_shards_then_merge_writes_the_same_saliency_csv_and_overlays()
    {
        // A manifest with regions of interest, and a truncated image that passes the loader but not the decoder: the
        // overlays after it are numbered by position among all records, which only the merge knows.
        var data = _folder.Combine("explain-data");
        var lines = File.ReadAllLines(Path.Combine(_test, "manifest.csv"));
        foreach (var line in lines.Skip(1).Take(9))
        {
            var relative = line.Split(',')[0];
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(data, relative))!);
            File.Copy(Path.Combine(_test, relative), Path.Combine(data, relative));
        }

        var first = lines[1].Split(',')[0];
        var bytes = File.ReadAllBytes(Path.Combine(_test, first));
        File.WriteAllBytes(Path.Combine(data, "hip", "truncated.png"), bytes[..(bytes.Length / 3)]);
        File.WriteAllLines(Path.Combine(data, "manifest.csv"), lines.Take(5).Append("hip/truncated.png,hip,located").Concat(lines.Skip(5).Take(5)));
        var manifest = Path.Combine(data, "manifest.csv");
        var single = _folder.Combine("explain-single");
        var sharded = _folder.Combine("explain-sharded");

        var one = await CliRunner.RunAsync("explain", "--model", _model, "--data", manifest, "--out", single);
        Assert.That(one.ExitCode, Is.Zero, one.Error);
        for (var index = 0; index < 3; index++)
        {
            var part = await CliRunner.RunAsync("explain", "--model", _model, "--data", manifest, "--out", sharded, "--shard", $"{index}/3");
            Assert.That(part.ExitCode, Is.Zero, part.Error);
        }

        var merged = await CliRunner.RunAsync("merge", "--out", sharded);

        Assert.That(merged.ExitCode, Is.Zero, merged.Error);
        Assert.That(one.Output, Does.Contain("truncated.png"), "the truncated image is skipped by the explainer");
        using (var whole = JsonDocument.Parse(one.Output))
        using (var joined = JsonDocument.Parse(merged.Output))
        {
            // The hit rate is the CSV's, with the Wilson interval of its hits.
            var rows = File.ReadAllLines(Path.Combine(single, "saliency.csv")).Skip(1).Select(row => row.Split(',')[6]).ToList();
            var hits = rows.Count(hit => hit == "true");
            var interval = WilsonInterval.Compute(hits, 9);
            Assert.That(whole.RootElement.GetProperty("withRoi").GetInt32(), Is.EqualTo(9));
            Assert.That(rows.Count(hit => hit.Length > 0), Is.EqualTo(9));
            Assert.That(whole.RootElement.GetProperty("hitRate").GetDouble(), Is.EqualTo(hits / 9.0).Within(1e-9));
            Assert.That(whole.RootElement.GetProperty("hitRateLower").GetDouble(), Is.EqualTo(interval.Lower).Within(1e-9));
            Assert.That(whole.RootElement.GetProperty("hitRateUpper").GetDouble(), Is.EqualTo(interval.Upper).Within(1e-9));

            // The merge prints what one process prints: every field but the CSV's own path, byte for byte.
            var expected = whole.RootElement.EnumerateObject().Where(p => p.Name != "csv").Select(p => (p.Name, p.Value.GetRawText())).ToList();
            var actual = joined.RootElement.EnumerateObject().Where(p => p.Name != "csv").Select(p => (p.Name, p.Value.GetRawText())).ToList();
            Assert.That(actual, Is.EqualTo(expected));
            Assert.That(joined.RootElement.GetProperty("withRoi").GetInt32(), Is.EqualTo(9));
            Assert.That(joined.RootElement.GetProperty("meanRoiAreaShare").GetDouble(), Is.GreaterThan(0));
            Assert.That(joined.RootElement.GetProperty("csv").GetString(), Is.EqualTo(Path.GetFullPath(Path.Combine(sharded, "saliency.csv"))));
        }

        Assert.That(File.ReadAllBytes(Path.Combine(sharded, "saliency.csv")), Is.EqualTo(File.ReadAllBytes(Path.Combine(single, "saliency.csv"))));
        var overlays = Directory.GetFiles(Path.Combine(single, "overlays")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.That(overlays, Has.Count.EqualTo(9));
        Assert.That(Directory.GetFiles(Path.Combine(sharded, "overlays")).Select(Path.GetFileName).Order(StringComparer.Ordinal), Is.EqualTo(overlays));
        foreach (var name in overlays)
        {
            Assert.That(File.ReadAllBytes(Path.Combine(sharded, "overlays", name!)), Is.EqualTo(File.ReadAllBytes(Path.Combine(single, "overlays", name!))), name);
        }

        // A shard whose explained.csv lost its scores (as one written before they were kept there) is refused by name.
        var table = Directory.GetFiles(Path.Combine(sharded, "shards"), "explained.csv", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First(path => File.ReadAllLines(path).Length > 1);
        var rowsOfTable = File.ReadAllLines(table);
        File.WriteAllLines(table, rowsOfTable.Select(row => string.Join(',', row.Split(',').Take(2))));
        var refused = await CliRunner.RunAsync("merge", "--out", sharded);
        Assert.That(refused.ExitCode, Is.EqualTo(2), refused.Output);
        Assert.That(refused.Error, Does.Contain(table).And.Contain("header"));

        // So is one whose shortcut flag is not a flag, naming the file and line.
        File.WriteAllLines(table, rowsOfTable.Select((row, i) => i == 1 ? string.Join(',', row.Split(',')[..4].Append("maybe")) : row));
        refused = await CliRunner.RunAsync("merge", "--out", sharded);
        Assert.That(refused.ExitCode, Is.EqualTo(2), refused.Output);
        Assert.That(refused.Error, Does.Contain(table).And.Contain("maybe"));
        Assert.That(File.ReadAllBytes(Path.Combine(sharded, "saliency.csv")), Is.EqualTo(File.ReadAllBytes(Path.Combine(single, "saliency.csv"))), "a refused merge leaves the merged outputs as they were");
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
