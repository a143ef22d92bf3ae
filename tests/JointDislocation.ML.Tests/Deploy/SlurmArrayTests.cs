using System.Diagnostics;
using JointDislocation.ML.Tests.Cli;

namespace JointDislocation.ML.Tests.Deploy;

/// <summary>
/// deploy/slurm on a real one-node Slurm cluster: the array template with N = 3 and the merge job (afterany) reproduce
/// the single-process outputs byte for byte; the merge job exits 2 naming a missing shard; an index resubmitted alone
/// (sbatch --array=1) lands in its own shard. Ignored only where Slurm and munge are not installed (.ci/run installs them).
/// </summary>
[NonParallelizable]
[Category("Slurm")]
public class SlurmArrayTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(4);

    private TemporaryDirectory _folder = null!;
    private SlurmCluster? _cluster;
    private string _model = null!;
    private string _test = null!;

    [OneTimeSetUp]
    public async Task StartCluster()
    {
        if (SlurmCluster.MissingBinary() is { } missing)
        {
            Assert.Ignore($"{missing} is not installed (apt-get install slurm-wlm munge; .ci/run does).");
        }

        _folder = new TemporaryDirectory("jdml-slurm");
        Assert.That((await CliRunner.RunAsync("phantoms", "--out", _folder.Combine("train"), "--joints", "hip", "--per-class", "12", "--seed", "3")).ExitCode, Is.Zero);
        var fit = await CliRunner.RunAsync("train", "--data", _folder.Combine("train"), "--out", _folder.Combine("model"), "--joint", "hip",
            "--heads", "logreg", "--augment", "none", "--folds", "3", "--seed", "5");
        Assert.That(fit.ExitCode, Is.Zero, fit.Error);
        _model = _folder.Combine("model", "model.jdml");
        Assert.That((await CliRunner.RunAsync("phantoms", "--out", _test = _folder.Combine("test"), "--joints", "hip", "--per-class", "9", "--seed", "4")).ExitCode, Is.Zero);
        File.WriteAllText(Path.Combine(_test, "hip", "located", "zz-not-an-image.png"), "not an image");
        _cluster = OperatingSystem.IsWindows() ? null : SlurmCluster.Start(_folder.Combine("cluster"));
    }

    [OneTimeTearDown]
    public void StopCluster()
    {
        _cluster?.Dispose();
        _folder?.Dispose();
    }

    [Test]
    public async Task Array_of_three_and_merge_reproduce_one_process_then_a_missing_shard_fails_the_merge_and_a_resubmitted_index_fills_it()
    {
        var cluster = _cluster!;
        var single = _folder.Combine("single");
        var one = await CliRunner.RunAsync("evaluate", "--model", _model, "--data", _test, "--out", single, "--bootstrap", "50");
        Assert.That(one.ExitCode, Is.Zero, one.Error);

        var output = _folder.Combine("array");
        var jdml = new Dictionary<string, string> { ["JDML"] = $"dotnet {Path.Combine(AppContext.BaseDirectory, "jdml.dll")}" };
        var array = Path.Combine(RepositoryPaths.Root, "deploy", "slurm", "jdml-array.sbatch");
        var merge = Path.Combine(RepositoryPaths.Root, "deploy", "slurm", "jdml-merge.sbatch");
        var evaluate = $"evaluate --model {_model} --data {_test} --out {output} --bootstrap 50 --shard-count 3";
        // The templates ask for 4 CPUs and 1 GB per CPU; this node is smaller, and the command line overrides them.
        const string Small = "--cpus-per-task=1 --mem-per-cpu=200M";

        var watch = Stopwatch.StartNew();
        var arrayJob = cluster.Submit($"--array=0-2 {Small} -o {_folder.Combine("task-%a.log")} {array} {evaluate}", jdml);
        var mergeJob = cluster.Submit($"--dependency=afterany:{arrayJob} --mem=200M -o {_folder.Combine("merge-%j.log")} {merge} --out {output}", jdml);
        cluster.WaitFor(Bound, arrayJob, mergeJob);
        TestContext.Out.WriteLine($"array of 3 and merge: {watch.Elapsed.TotalSeconds:0.0} s");

        Assert.That(cluster.ExitCode(mergeJob), Is.Zero, Logs());
        foreach (var file in new[] { "scores.csv", "metrics.json", "roc.csv", "roc.png" })
        {
            Assert.That(File.ReadAllBytes(Path.Combine(output, file)), Is.EqualTo(File.ReadAllBytes(Path.Combine(single, file))), file);
        }

        // A task that failed: its shard is missing, and the merge job (afterany) says which one, with exit 2.
        Directory.Delete(Path.Combine(output, "shards", "1-of-3"), recursive: true);
        var failedMerge = cluster.Submit($"--mem=200M -o {_folder.Combine("merge-%j.log")} {merge} --out {output}", jdml);
        cluster.WaitFor(Bound, failedMerge);
        Assert.That(cluster.ExitCode(failedMerge), Is.EqualTo(2), Logs());
        Assert.That(File.ReadAllText(_folder.Combine($"merge-{failedMerge}.log")), Does.Contain("shards missing: 1-of-3"));

        // Index 1 resubmitted alone runs in an array of one (SLURM_ARRAY_TASK_COUNT=1) and still lands in shard 1 of 3.
        var again = cluster.Submit($"--array=1 {Small} -o {_folder.Combine("again-%a.log")} {array} {evaluate}", jdml);
        var secondMerge = cluster.Submit($"--dependency=afterany:{again} --mem=200M -o {_folder.Combine("merge-%j.log")} {merge} --out {output}", jdml);
        cluster.WaitFor(Bound, again, secondMerge);
        Assert.That(Directory.GetDirectories(Path.Combine(output, "shards")).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "0-of-3", "1-of-3", "2-of-3" }));
        Assert.That(cluster.ExitCode(secondMerge), Is.Zero, Logs());
        foreach (var file in new[] { "scores.csv", "metrics.json" })
        {
            Assert.That(File.ReadAllBytes(Path.Combine(output, file)), Is.EqualTo(File.ReadAllBytes(Path.Combine(single, file))), file);
        }
    }

    private string Logs() =>
        string.Join('\n', Directory.GetFiles(_folder.Path, "*.log").Order().Select(f => $"--- {Path.GetFileName(f)}\n{File.ReadAllText(f)}")) + "\n" + _cluster!.Logs();
}
