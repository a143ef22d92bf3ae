using System.Globalization;
using System.Text.RegularExpressions;

namespace JointDislocation.ML.Data;

/// <summary>
/// The shards of one run on disk, under <c>OUT/shards/</c>: the plan every task agrees on (<c>plan.json</c>), one
/// folder per finished shard (<c>I-of-N/</c>, published whole by a rename), and the checks a merge needs (every shard
/// there, none foreign, no file in two shards).
/// </summary>
/// <remarks>
/// Safe for tasks that start at the same moment on several machines of one shared file system: the plan is created
/// with create-new semantics (a complete temporary file moved without overwriting, which fails when another task's
/// plan is already there), and a shard folder appears only complete (written under a temporary name, then renamed).
/// </remarks>
public static partial class ShardStore
{
    /// <summary>The <c>OUT/shards</c> folder.</summary>
    /// <param name="output">The run's output folder.</param>
    /// <returns>The path.</returns>
    public static string Folder(string output) => Path.Combine(Path.GetFullPath(output), ShardPlan.FolderName);

    /// <summary>A shard's folder, <c>OUT/shards/I-of-N</c>.</summary>
    /// <param name="output">The run's output folder.</param>
    /// <param name="shard">The shard.</param>
    /// <returns>The path.</returns>
    public static string ShardFolder(string output, DataShard shard) => Path.Combine(Folder(output), shard.Name);

    /// <summary>
    /// Writes <paramref name="plan"/> as the run's plan when there is none yet, or checks that it agrees with the one
    /// there (written by the first task).
    /// </summary>
    /// <param name="output">The run's output folder.</param>
    /// <param name="plan">This task's plan.</param>
    /// <exception cref="InvalidInputException">The plan there disagrees (the message lists how) or cannot be read.</exception>
    public static void Agree(string output, ShardPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var folder = Folder(output);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, ShardPlan.FileName);
        if (!File.Exists(path))
        {
            var temporary = Path.Combine(folder, $".plan.{Guid.NewGuid():N}.tmp");
            File.WriteAllText(temporary, plan.ToJson());
            try
            {
                // Without overwriting: of tasks racing here exactly one plan lands, and the others compare with it.
                File.Move(temporary, path, overwrite: false);
                return;
            }
            catch (IOException) when (File.Exists(path))
            {
            }
            finally
            {
                File.Delete(temporary);
            }
        }

        var existing = ShardPlan.Read(path);
        var differences = existing.Differences(plan);
        if (differences.Count > 0)
        {
            throw new InvalidInputException(path, null,
                $"this task does not belong to the run planned here: {string.Join("; ", differences)}. Use another --out, or delete {folder} to start over.");
        }
    }

    /// <summary>Whether a shard has been published (its folder with <c>shard.json</c> exists).</summary>
    /// <param name="output">The run's output folder.</param>
    /// <param name="shard">The shard.</param>
    /// <returns>Whether it is done.</returns>
    public static bool IsDone(string output, DataShard shard) =>
        File.Exists(Path.Combine(ShardFolder(output, shard), ShardSummary.FileName));

    /// <summary>
    /// Publishes a shard: <paramref name="writeFiles"/> fills a temporary folder, <c>shard.json</c> is added last, and
    /// the folder is renamed to <c>I-of-N</c>. When a twin task published the same shard first, this one's files are
    /// discarded (both covered the same files with the same model).
    /// </summary>
    /// <param name="output">The run's output folder.</param>
    /// <param name="summary">The shard's summary.</param>
    /// <param name="writeFiles">Writes the command's files into the folder it is given.</param>
    /// <returns>The published folder, and whether this call published it.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static (string Folder, bool Published) Publish(string output, ShardSummary summary, Action<string> writeFiles)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(writeFiles);
        var target = ShardFolder(output, summary.Shard);
        var temporary = Path.Combine(Folder(output), $".{summary.Shard.Name}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(temporary);
        try
        {
            writeFiles(temporary);
            File.WriteAllText(Path.Combine(temporary, ShardSummary.FileName), summary.ToJson());
            if (Directory.Exists(target))
            {
                if (IsDone(output, summary.Shard))
                {
                    return (target, false);
                }

                // A folder without shard.json is no shard (left by hand or by an old tool): replace it.
                Directory.Delete(target, recursive: true);
            }

            try
            {
                Directory.Move(temporary, target);
                return (target, true);
            }
            catch (IOException) when (IsDone(output, summary.Shard))
            {
                return (target, false);
            }
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }
    }

    /// <summary>
    /// Reads every shard of a run for a merge, and checks that the run is whole: the plan is there, every shard
    /// 0 … N − 1 is published, no folder belongs to another run, and every file of the listing is in exactly one shard
    /// (as a record or as a skipped file) — the shard its path assigns it to.
    /// </summary>
    /// <param name="output">The run's output folder.</param>
    /// <returns>The plan and the shards' summaries, in shard order.</returns>
    /// <exception cref="InvalidInputException">A shard is missing, foreign, incomplete or overlaps another (the message names it).</exception>
    public static (ShardPlan Plan, IReadOnlyList<ShardSummary> Shards) ReadAll(string output)
    {
        var folder = Folder(output);
        var plan = ShardPlan.Read(Path.Combine(folder, ShardPlan.FileName));
        var shards = new SortedDictionary<int, ShardSummary>();
        foreach (var directory in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(directory);
            if (name.StartsWith('.'))
            {
                continue; // a task still writing (or one that died while writing): not published
            }

            var match = ShardName().Match(name);
            if (!match.Success)
            {
                throw new InvalidInputException(directory, null, "a foreign folder among the shards (shard folders are named I-of-N).");
            }

            var count = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            var index = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            if (count != plan.Count)
            {
                throw new InvalidInputException(directory, null, $"a foreign shard: one of {count}, but the plan has {plan.Count} shards.");
            }

            var summaryPath = Path.Combine(directory, ShardSummary.FileName);
            if (!File.Exists(summaryPath))
            {
                throw new InvalidInputException(directory, null, $"an incomplete shard: no {ShardSummary.FileName}.");
            }

            var summary = ShardSummary.Read(summaryPath, plan);
            if (summary.Shard.Index != index)
            {
                throw new InvalidInputException(summaryPath, null, $"a duplicated shard: the folder is shard {index} but its summary is shard {summary.Shard.Index}.");
            }

            shards.Add(index, summary);
        }

        var missing = Enumerable.Range(0, plan.Count).Where(i => !shards.ContainsKey(i)).ToList();
        if (missing.Count > 0)
        {
            var names = string.Join(", ", missing.Take(20).Select(i => new DataShard(i, plan.Count).Name)) + (missing.Count > 20 ? $" and {missing.Count - 20} more" : string.Empty);
            throw new InvalidInputException(folder, null, $"{missing.Count} of {plan.Count} shards missing: {names}. Rerun them (for example sbatch --array={string.Join(",", missing.Take(20))} …) and merge again.");
        }

        var owner = new int[plan.ListingCount];
        Array.Fill(owner, -1);
        foreach (var summary in shards.Values)
        {
            foreach (var index in summary.RecordIndexes.Concat(summary.SkippedWhileLoading.Concat(summary.SkippedWhileScoring).Select(s => s.ListingIndex)))
            {
                if (index < 0 || index >= plan.ListingCount)
                {
                    throw new InvalidInputException(ShardFolder(output, summary.Shard), null, $"a foreign shard: listing position {index} is outside the listing of {plan.ListingCount} files.");
                }

                if (owner[index] >= 0)
                {
                    throw new InvalidInputException(ShardFolder(output, summary.Shard), null,
                        $"overlaps shard {new DataShard(owner[index], plan.Count).Name}: both hold file {index} of the listing.");
                }

                owner[index] = summary.Shard.Index;
            }

            foreach (var file in summary.SkippedWhileLoading.Concat(summary.SkippedWhileScoring))
            {
                CheckBelongs(output, plan, summary.Shard, file.Path);
            }
        }

        var uncovered = Array.IndexOf(owner, -1);
        if (uncovered >= 0)
        {
            throw new InvalidInputException(folder, null, $"file {uncovered} of the listing is in no shard; the shards are incomplete.");
        }

        return (plan, shards.Values.ToList());
    }

    /// <summary>Checks that a file's path assigns it to the shard that holds it.</summary>
    /// <param name="output">The run's output folder.</param>
    /// <param name="plan">The run's plan.</param>
    /// <param name="shard">The shard that holds the file.</param>
    /// <param name="path">The file's full path.</param>
    /// <exception cref="InvalidInputException">The file belongs to another shard.</exception>
    public static void CheckBelongs(string output, ShardPlan plan, DataShard shard, string path)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(path);
        var assigned = DataShard.Assign(Path.GetRelativePath(plan.ListingRoot, path), plan.Count);
        if (assigned != shard.Index)
        {
            throw new InvalidInputException(ShardFolder(output, shard), null, $"a foreign shard: it holds {path}, which belongs to shard {new DataShard(assigned, plan.Count).Name}.");
        }
    }

    [GeneratedRegex("^([0-9]{1,7})-of-([0-9]{1,7})$")]
    private static partial Regex ShardName();
}
