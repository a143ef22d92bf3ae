using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JointDislocation.ML.Cli;
using JointDislocation.ML.Tests.Cli;
using JointDislocation.ML.Tests.Data;
using JointDislocation.ML.Tests.Training;

namespace JointDislocation.ML.Tests.Reliability;

/// <summary>
/// Every <c>jdml</c> command over the hostile corpus: default runs skip bad files and list them in their JSON, strict
/// runs stop at the first with exit 2 naming it and write nothing, and no run leaves a half-written or temporary file.
/// </summary>
[NonParallelizable]
public class HostileCommandTests
{
    private TemporaryDirectory _root = null!;
    private IReadOnlyList<HostileFile> _corpus = null!;
    private string _model = null!;
    private string _hostileFolder = null!;
    private string _hostileManifest = null!;
    private int _goodImages;

    private IEnumerable<HostileFile> Refused => _corpus.Where(f => f.Expectation == HostileExpectation.Refused);

    [OneTimeSetUp]
    public async Task TrainOnce()
    {
        _root = new TemporaryDirectory("jdml-hostile-cli");
        TrainingData.Write(_root.Combine("train"), perClass: 6, seed: 21);
        var result = await CliRunner.RunAsync("train", "--data", _root.Combine("train"), "--out", _root.Combine("model"),
            "--joint", "hip", "--heads", "logreg", "--augment", "none", "--folds", "2", "--seed", "3");
        Assert.That(result.ExitCode, Is.Zero, result.Error);
        _model = _root.Combine("model", "model.jdml");

        _hostileFolder = _root.Combine("hostile");
        _goodImages = TrainingData.Write(_hostileFolder, perClass: 4, seed: 22).Count;
        _corpus = HostileCorpus.WriteImages(Path.Combine(_hostileFolder, "located"));
        _hostileManifest = Path.Combine(_hostileFolder, "manifest.csv");
        var rows = Directory.GetFiles(Path.Combine(_hostileFolder, "dislocated")).Select(f => $"dislocated/{Path.GetFileName(f)},dislocated")
            .Concat(Directory.GetFiles(Path.Combine(_hostileFolder, "located")).Where(f => _corpus.All(c => c.Path != f)).Select(f => $"located/{Path.GetFileName(f)},located"))
            .Concat(_corpus.Select(f => $"located/{f.Name},located"));
        await File.WriteAllLinesAsync(_hostileManifest, ["path,label", .. rows]);
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        HostileCorpus.Defuse(Path.Combine(_hostileFolder, "located"));
        _root.Dispose();
    }

    private string Input(string kind) => kind == "folder" ? _hostileFolder : _hostileManifest;

    [TestCase("folder")]
    [TestCase("manifest")]
    public async Task Train_skips_the_refused_files_and_lists_each_in_training_json(string input)
    {
        var output = _root.Combine($"train-{input}");

        var result = await CliRunner.RunAsync("train", "--data", Input(input), "--out", output, "--heads", "logreg", "--augment", "none", "--folds", "2");

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "training.json")))!;
        AssertSkippedListsExactlyTheRefused(json["skipped"]!.AsArray());
        var accepted = _corpus.Count(f => f.Expectation != HostileExpectation.Refused);
        Assert.That(json["trainCount"]!.GetValue<int>(), Is.EqualTo(_goodImages + accepted));
        Assert.That(JsonNode.Parse(result.Output)!["skipped"]!.GetValue<int>(), Is.EqualTo(Refused.Count()));
        AssertNoTemporaryFiles(output);
    }

    [TestCase("folder")]
    [TestCase("manifest")]
    public async Task Evaluate_skips_the_refused_files_and_lists_each_in_metrics_json(string input)
    {
        var output = _root.Combine($"evaluate-{input}");

        var result = await CliRunner.RunAsync("evaluate", "--model", _model, "--data", Input(input), "--out", output);

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "metrics.json")))!;
        AssertSkippedListsExactlyTheRefused(json["skipped"]!.AsArray());
        Assert.That(json["n"]!.GetValue<int>(), Is.EqualTo(_goodImages + _corpus.Count(f => f.Expectation != HostileExpectation.Refused)));
        Assert.That(Directory.GetFiles(output).Select(Path.GetFileName), Is.EquivalentTo(new[] { "metrics.json", "scores.csv", "roc.csv", "roc.png" }));
    }

    [TestCase("folder")]
    [TestCase("manifest")]
    public async Task Explain_skips_the_refused_files_and_lists_each_in_its_json(string input)
    {
        var output = _root.Combine($"explain-{input}");

        var result = await CliRunner.RunAsync("explain", "--model", _model, "--data", Input(input), "--out", output);

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        var json = JsonNode.Parse(result.Output)!;
        AssertSkippedListsExactlyTheRefused(json["skipped"]!.AsArray());
        var used = _goodImages + _corpus.Count(f => f.Expectation != HostileExpectation.Refused);
        Assert.That(json["images"]!.GetValue<int>(), Is.EqualTo(used));
        Assert.That(Directory.GetFiles(Path.Combine(output, "overlays")), Has.Length.EqualTo(used));
        AssertNoTemporaryFiles(output);
    }

    [TestCase("train", "folder")]
    [TestCase("train", "manifest")]
    [TestCase("evaluate", "folder")]
    [TestCase("evaluate", "manifest")]
    [TestCase("explain", "folder")]
    [TestCase("explain", "manifest")]
    public async Task Strict_stops_at_the_first_bad_file_with_exit_2_naming_it_and_writes_nothing(string command, string input)
    {
        var output = _root.Combine($"strict-{command}-{input}");
        string[] args = command == "train"
            ? ["train", "--data", Input(input), "--out", output, "--heads", "logreg", "--augment", "none", "--folds", "2", "--strict"]
            : [command, "--model", _model, "--data", Input(input), "--out", output, "--strict"];

        var result = await CliRunner.RunAsync(args);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Error);
        var named = Refused.Where(f => result.Error.Contains(f.Name, StringComparison.Ordinal)).ToList();
        Assert.That(named, Has.Count.EqualTo(1), result.Error);
        Assert.That(result.Error, Does.Contain(named[0].Reason));
        Assert.That(result.Output, Is.Empty);
        AssertEmpty(output);
    }

    [Test]
    public async Task Predict_refuses_each_bad_file_with_exit_2_naming_it_and_scores_the_unusual_ones()
    {
        foreach (var file in _corpus)
        {
            var result = await CliRunner.RunAsync("predict", "--model", _model, "--image", file.Path);

            if (file.Expectation == HostileExpectation.Refused || (file.Expectation == HostileExpectation.Either && result.ExitCode != 0))
            {
                Assert.That(result.ExitCode, Is.EqualTo(2), file.Name);
                Assert.That(result.Error, Does.Contain(file.Name).And.Contain(file.Reason ?? string.Empty), file.Name);
                Assert.That(result.Output, Is.Empty, file.Name);
            }
            else
            {
                Assert.That(result.ExitCode, Is.Zero, $"{file.Name}: {result.Error}");
                Assert.That(JsonNode.Parse(result.Output)!["probability"]!.GetValue<double>(), Is.InRange(0, 1), file.Name);
            }
        }
    }

    [TestCase("truncated")]
    [TestCase("version")]
    [TestCase("missing-entry")]
    [TestCase("backbone-hash")]
    [TestCase("empty")]
    public async Task Damaged_bundles_are_exit_2_for_every_command_that_loads_one(string damage)
    {
        var bundle = _root.Combine($"damaged-{damage}.jdml");
        File.Copy(_model, bundle, overwrite: true);
        Damage(bundle, damage);
        var image = Directory.GetFiles(Path.Combine(_root.Combine("train"), "located"))[0];

        foreach (var args in new[]
        {
            new[] { "evaluate", "--model", bundle, "--data", _root.Combine("train"), "--out", _root.Combine("never-e") },
            new[] { "predict", "--model", bundle, "--image", image },
            new[] { "explain", "--model", bundle, "--data", _root.Combine("train"), "--out", _root.Combine("never-x") },
        })
        {
            var result = await CliRunner.RunAsync(args);

            Assert.That(result.ExitCode, Is.EqualTo(2), $"{args[0]}: {result.Error}");
            Assert.That(result.Error, Does.Contain(Path.GetFileName(bundle)), args[0]);
            Assert.That(result.Output, Is.Empty, args[0]);
        }

        Assert.That(Directory.Exists(_root.Combine("never-e")) || Directory.Exists(_root.Combine("never-x")), Is.False);
    }

    [TestCase("label,score\n1,0.9\n0,NaN\n", "row 3")]
    [TestCase("label,score\n1,0.9\n0,-Infinity\n1,0.2\n", "row 3")]
    [TestCase("label,score\n1,0.9\nmaybe,0.3\n", "'maybe'")]
    [TestCase("label,value\n1,0.9\n0,0.3\n", "no column 'score'")]
    [TestCase("", "empty")]
    [TestCase("label,score\n1,0.9\n0,\"0.3\n", "not closed")]
    [TestCase("label,score\n1,0.9,7\n", "3 fields")]
    public async Task Roc_refuses_hostile_score_tables_with_exit_2_naming_the_row(string content, string why)
    {
        var path = _root.Combine($"scores-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, content);

        var result = await CliRunner.RunAsync("roc", "--scores", path);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Error);
        Assert.That(result.Error, Does.Contain(Path.GetFileName(path)).And.Contain(why));
        Assert.That(result.Output, Is.Empty);
    }

    [Test]
    public async Task Roc_reads_a_bom_quoted_commas_and_crlf()
    {
        var path = _root.Combine("bom.csv");
        await File.WriteAllTextAsync(path, "label,score,note\r\n1,0.9,\"a, b\"\r\n0,0.1,\"say \"\"hi\"\"\"\r\n1,0.7,\r\n0,0.8,x\r\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var result = await CliRunner.RunAsync("roc", "--scores", path);

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        var json = JsonNode.Parse(result.Output)!;
        Assert.That((json["n"]!.GetValue<int>(), json["auroc"]!.GetValue<double>()), Is.EqualTo((4, 0.75)));
    }

    [Test]
    public async Task Roc_streams_a_million_rows()
    {
        var path = _root.Combine("million.csv");
        var random = new Random(5);
        using (var writer = new StreamWriter(path))
        {
            await writer.WriteLineAsync("label,score");
            for (var i = 0; i < 1_000_000; i++)
            {
                var positive = i % 2 == 0;
                await writer.WriteLineAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{(positive ? 1 : 0)},{random.NextDouble() + (positive ? 0.5 : 0):R}"));
            }
        }

        var result = await CliRunner.RunAsync("roc", "--scores", path);

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        var json = JsonNode.Parse(result.Output)!;
        Assert.That(json["n"]!.GetValue<int>(), Is.EqualTo(1_000_000));
        Assert.That(json["auroc"]!.GetValue<double>(), Is.EqualTo(0.875).Within(0.002));
    }

    [Test]
    public async Task Unreadable_score_table_and_manifest_are_exit_2_not_a_hang()
    {
        var fifo = _corpus.Single(f => f.Name == "unreadable.png").Path;

        var roc = CliRunner.RunAsync("roc", "--scores", fifo);
        var evaluate = CliRunner.RunAsync("evaluate", "--model", fifo, "--data", _hostileFolder, "--out", _root.Combine("never-f"));

        Assert.That(Task.WaitAll([roc, evaluate], TimeSpan.FromSeconds(30)), Is.True, "a command hung on a file that cannot be read");
        Assert.That(((await roc).ExitCode, (await evaluate).ExitCode), Is.EqualTo((2, 2)));
        Assert.That((await evaluate).Error, Does.Contain("unreadable.png"));
    }

    [TestCase("--per-class", "0")]
    [TestCase("--per-class", "many")]
    [TestCase("--difficulty", "1.5")]
    [TestCase("--difficulty", "NaN")]
    [TestCase("--style", "watercolour")]
    [TestCase("--joints", "knee")]
    [TestCase("--joints", ",")]
    [TestCase("--seed", "x")]
    public async Task Phantoms_refuses_bad_option_values_with_exit_2_and_writes_nothing(string option, string value)
    {
        var output = _root.Combine($"phantoms-{Guid.NewGuid():N}");

        var result = await CliRunner.RunAsync("phantoms", "--out", output, "--per-class", "1", option, value);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Error);
        Assert.That(result.Error, Does.Contain(option).Or.Contain(value));
        Assert.That(Directory.Exists(output), Is.False);
    }

    [TestCase("evaluate", "--bootstrap", "0")]
    [TestCase("explain", "--method", "gradcam")]
    [TestCase("roc", "--level", "1.5")]
    [TestCase("roc", "--bootstrap", "-3")]
    public async Task Other_bad_option_values_are_exit_2(string command, string option, string value)
    {
        string[] args = command == "roc"
            ? ["roc", "--scores", _root.Combine("bom.csv"), option, value]
            : [command, "--model", _model, "--data", _root.Combine("train"), "--out", _root.Combine("never-o"), option, value];

        var result = await CliRunner.RunAsync(args);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Error);
        Assert.That(result.Error, Does.Contain(option).Or.Contain(value));
    }

    [Test]
    public async Task Manifest_rows_outside_its_folder_unknown_labels_and_missing_files_are_named()
    {
        var folder = _root.Combine("manifests");
        var image = TestImages.Write(Path.Combine(folder, "img", "a, b.png"), TestImages.GrayPng(32, 32, TestImages.Pattern(32, 32)));
        TestImages.Write(Path.Combine(folder, "img", "c.png"), TestImages.GrayPng(32, 32, TestImages.Pattern(32, 32, 2)));
        async Task<CliResult> Evaluate(string name, string content, bool strict = false)
        {
            var manifest = Path.Combine(folder, name);
            await File.WriteAllTextAsync(manifest, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            return await CliRunner.RunAsync(["evaluate", "--model", _model, "--data", manifest, "--out", Path.Combine(folder, "out-" + name), .. strict ? new[] { "--strict" } : []]);
        }

        var absolute = await Evaluate("absolute.csv", $"path,label\n\"img/a, b.png\",dislocated\n{image},located\n");
        Assert.That(absolute.ExitCode, Is.EqualTo(2), absolute.Error);
        Assert.That(absolute.Error, Does.Contain("absolute.csv, row 3").And.Contain("absolute"));

        var escaping = await Evaluate("escaping.csv", "path,label\n\"img/a, b.png\",dislocated\n../hostile/located/animated.gif,located\n");
        Assert.That(escaping.ExitCode, Is.EqualTo(2));
        Assert.That(escaping.Error, Does.Contain("escaping.csv, row 3").And.Contain("outside the manifest's folder"));

        var unknown = await Evaluate("unknown.csv", "path,label\n\"img/a, b.png\",dislocated\nimg/c.png,subluxed\n");
        Assert.That(unknown.ExitCode, Is.EqualTo(2));
        Assert.That(unknown.Error, Does.Contain("unknown.csv").And.Contain("'subluxed' (first on row 3)"));

        const string missingRows = "path,label\n\"img/a, b.png\",dislocated\nimg/c.png,located\nimg/gone.png,located\n";
        var missing = await Evaluate("missing.csv", missingRows);
        Assert.That(missing.ExitCode, Is.Zero, missing.Error);
        var skipped = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "out-missing.csv", "metrics.json")))!["skipped"]!.AsArray();
        Assert.That(skipped.Select(s => (string?)s!["reason"]), Is.EqualTo(new[] { $"file not found (row 4 of {Path.Combine(folder, "missing.csv")})" }));
        var strict = await Evaluate("missing-strict.csv", missingRows, strict: true);
        Assert.That(strict.ExitCode, Is.EqualTo(2));
        Assert.That(strict.Error, Does.Contain("missing-strict.csv, row 4").And.Contain("gone.png: file not found"));

        // Quoted commas and a BOM are read, not refused: the BOM-prefixed header still has its 'path' column.
        Assert.That(JsonNode.Parse(missing.Output)!["n"]!.GetValue<int>(), Is.EqualTo(2));
    }

    [Test]
    public async Task A_strict_failure_after_some_work_leaves_no_partial_output()
    {
        // The bad file passes the header check and sorts last, so it is found only after the first chunks are done.
        var data = _root.Combine("late-bad");
        TrainingData.Write(data, perClass: 10, seed: 23);
        var png = TestImages.GrayPng(48, 48, TestImages.Pattern(48, 48));
        TestImages.Write(Path.Combine(data, "located", "zz-truncated.png"), png[..(png.Length / 2)]);

        foreach (var command in new[] { "explain", "evaluate" })
        {
            var output = _root.Combine($"late-bad-{command}");
            var result = await CliRunner.RunAsync(command, "--model", _model, "--data", data, "--out", output, "--strict");

            Assert.That(result.ExitCode, Is.EqualTo(2), result.Error);
            Assert.That(result.Error, Does.Contain("zz-truncated.png").And.Contain("truncated"));
            AssertEmpty(output);
        }
    }

    [Test]
    public async Task A_cancelled_explain_leaves_no_partial_overlays_or_temporary_files()
    {
        var output = _root.Combine("cancelled");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // Cancel once the first overlay exists: occlusion runs hundreds of forward passes per image, so the run is
        // then part-way, with some overlays written and others not.
        var run = JdmlApp.RunAsync(
            ["explain", "--model", _model, "--data", _root.Combine("train"), "--out", output, "--method", "occlusion"],
            new CliEnvironment(stdout, stderr, IsInteractive: false), cancellation.Token);
        var sawOverlay = false;
        while (!run.IsCompleted && !sawOverlay)
        {
            await Task.Delay(20);
            sawOverlay = Directory.Exists(output) && Directory.EnumerateFiles(output, "*.png", SearchOption.AllDirectories).Any();
        }

        await cancellation.CancelAsync();
        var exitCode = await run;

        Assert.That(sawOverlay, Is.True, "the run ended before its first overlay");
        Assert.That(exitCode, Is.EqualTo(1), stderr.ToString());
        Assert.That(stderr.ToString(), Does.Contain("cancelled"));
        AssertEmpty(output);
    }

    private void AssertSkippedListsExactlyTheRefused(JsonArray skipped)
    {
        var listed = skipped.Select(s => ((string)s!["path"]!, (string)s["reason"]!)).ToList();
        Assert.That(listed.Select(s => s.Item1), Is.EquivalentTo(Refused.Select(f => f.Path)));
        foreach (var file in Refused)
        {
            Assert.That(listed.Single(s => s.Item1 == file.Path).Item2, Does.Contain(file.Reason), file.Name);
        }
    }

    private static void AssertEmpty(string output)
    {
        var left = Directory.Exists(output) ? Directory.GetFileSystemEntries(output, "*", SearchOption.AllDirectories) : [];
        Assert.That(left, Is.Empty, "files left in --out");
    }

    private static void AssertNoTemporaryFiles(string output) =>
        Assert.That(Directory.GetFileSystemEntries(output, "*", SearchOption.AllDirectories).Where(p => Path.GetFileName(p).StartsWith('.')), Is.Empty);

    private static void Damage(string bundle, string damage)
    {
        switch (damage)
        {
            case "truncated":
                File.WriteAllBytes(bundle, File.ReadAllBytes(bundle)[..(int)(new FileInfo(bundle).Length * 2 / 3)]);
                return;
            case "empty":
                File.WriteAllBytes(bundle, []);
                return;
        }

        using var zip = ZipFile.Open(bundle, ZipArchiveMode.Update);
        if (damage == "missing-entry")
        {
            zip.GetEntry("head.zip")!.Delete();
            return;
        }

        var entry = zip.GetEntry("manifest.json")!;
        JsonNode manifest;
        using (var reader = new StreamReader(entry.Open()))
        {
            manifest = JsonNode.Parse(reader.ReadToEnd())!;
        }

        if (damage == "version")
        {
            manifest["formatVersion"] = 99;
        }
        else
        {
            manifest["backbone"]!["sha256"] = new string('0', 64);
        }

        entry.Delete();
        using var writer = new StreamWriter(zip.CreateEntry("manifest.json").Open());
        writer.Write(manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
