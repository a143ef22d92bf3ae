using System.Globalization;
using JointDislocation.ML.Data;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Evaluation;

/// <summary>
/// The scores of one shard of a <c>score</c> or <c>evaluate</c> array job (<c>records.csv</c> beside the shard's
/// <c>shard.json</c>), and their merge back into exactly what one process would have scored, in input order.
/// </summary>
public static class ShardedScores
{
    /// <summary>The per-shard table of scored records.</summary>
    public const string RecordsFileName = "records.csv";

    /// <summary>The header of <c>records.csv</c>, without its line end.</summary>
    public const string RecordsHeader = "index,path,label,isPositive,probability,rawScore,predicted,threshold,sha256,copyOfTraining";

    /// <summary>Publishes a shard's scores (<see cref="ShardStore.Publish"/>).</summary>
    /// <param name="output">The run's output folder.</param>
    /// <param name="plan">The run's plan.</param>
    /// <param name="shard">The shard.</param>
    /// <param name="images">The shard's scored images, in input order.</param>
    /// <param name="skippedWhileLoading">Files of the shard the loader left out.</param>
    /// <param name="skippedWhileScoring">Files of the shard that could not be decoded.</param>
    /// <param name="copiesOfTraining">Paths of the shard's images that are copies of training images.</param>
    /// <returns>The shard's folder, and whether this call published it (false: a twin task was first).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static (string Folder, bool Published) WriteShard(
        string output,
        ShardPlan plan,
        DataShard shard,
        IReadOnlyList<ScoredImage> images,
        IReadOnlyList<SkippedFile> skippedWhileLoading,
        IReadOnlyList<SkippedFile> skippedWhileScoring,
        IReadOnlyCollection<string> copiesOfTraining)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(copiesOfTraining);
        var copies = copiesOfTraining.ToHashSet(StringComparer.Ordinal);
        var csv = new CsvWriter(RecordsHeader.Split(','));
        foreach (var image in images)
        {
            csv.Number(image.Record.ListingIndex)
                .Field(image.Record.Path)
                .Field(image.Record.Label)
                .Field(image.Record.IsPositive ? "1" : "0")
                .Number(image.Prediction.Probability)
                .Number(image.Prediction.RawScore)
                .Field(image.Prediction.Label)
                .Number(image.Prediction.Threshold)
                .Field(image.Fingerprint.Sha256)
                .Field(copies.Contains(image.Record.Path) ? "1" : "0")
                .EndRow();
        }

        var summary = new ShardSummary(plan, shard, images.Select(i => i.Record.ListingIndex).ToList(), skippedWhileLoading, skippedWhileScoring);
        var text = csv.ToString();
        return ShardStore.Publish(output, summary, folder => File.WriteAllText(Path.Combine(folder, RecordsFileName), text));
    }

    /// <summary>
    /// Reads every shard of a run (checked whole by <see cref="ShardStore.ReadAll"/>) and puts the scored images, the
    /// skipped files and the copies of training images back into input order.
    /// </summary>
    /// <param name="output">The run's output folder.</param>
    /// <returns>The merged run.</returns>
    /// <exception cref="InvalidInputException">A shard is missing, foreign, overlapping or damaged (the message names it).</exception>
    public static MergedShards Merge(string output)
    {
        var (plan, shards) = ShardStore.ReadAll(output);
        var images = new List<(int Index, ScoredImage Image, bool Copy)>();
        foreach (var summary in shards)
        {
            var path = Path.Combine(ShardStore.ShardFolder(output, summary.Shard), RecordsFileName);
            var read = Read(path);
            if (!read.Select(r => r.Index).SequenceEqual(summary.RecordIndexes))
            {
                throw new InvalidInputException(path, null, $"does not hold the records its {ShardSummary.FileName} lists; the shard is damaged.");
            }

            foreach (var record in read)
            {
                ShardStore.CheckBelongs(output, plan, summary.Shard, record.Image.Record.Path);
            }

            images.AddRange(read);
        }

        images.Sort((a, b) => a.Index.CompareTo(b.Index));
        var ordered = images.Select(i => i.Image).ToList();
        return new MergedShards(
            plan,
            ordered,
            shards.SelectMany(s => s.SkippedWhileLoading).OrderBy(s => s.ListingIndex).ToList(),
            shards.SelectMany(s => s.SkippedWhileScoring).OrderBy(s => s.ListingIndex).ToList(),
            images.Where(i => i.Copy).Select(i => i.Image.Record.Path).ToList());
    }

    private static List<(int Index, ScoredImage Image, bool Copy)> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidInputException(path, null, "missing; the shard is damaged.");
        }

        var rows = new List<(int, ScoredImage, bool)>();
        using var csv = CsvReader.Open(path);
        var fields = new List<string>();
        if (!csv.TryRead(fields) || string.Join(',', fields) != RecordsHeader)
        {
            throw new InvalidInputException(path, 1, $"the header is not {RecordsHeader}.");
        }

        while (csv.TryRead(fields))
        {
            if (CsvReader.IsBlank(fields))
            {
                continue;
            }

            if (fields.Count != 10
                || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                || !CsvWriter.TryParseNumber(fields[4], out var probability)
                || !CsvWriter.TryParseNumber(fields[5], out var rawScore)
                || !CsvWriter.TryParseNumber(fields[7], out var threshold))
            {
                throw new InvalidInputException(path, csv.Row, "not a record of a shard (10 fields: " + RecordsHeader + ").");
            }

            var record = new RadiographRecord(fields[1], null, fields[2], fields[3] == "1") { ListingIndex = index };
            var prediction = new Prediction(probability, rawScore, fields[6], threshold);
            rows.Add((index, new ScoredImage(record, prediction, new ImageFingerprint(fields[8], 0, null)), fields[9] == "1"));
        }

        return rows;
    }
}
