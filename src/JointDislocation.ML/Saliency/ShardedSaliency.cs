using JointDislocation.ML.Data;

namespace JointDislocation.ML.Saliency;

/// <summary>
/// The saliency of one shard of an <c>explain</c> array job (its rows of <c>saliency.csv</c>, an <c>explained.csv</c>
/// naming each row's listing position and overlay with the scores <c>saliency.csv</c> does not hold, and its
/// <c>overlays/</c>), and their merge into exactly the <c>saliency.csv</c>, <c>overlays/</c> and saliency summary one
/// process writes: rows in input order, overlays renamed to the number they have in one process
/// (<see cref="ModelExplainer.OverlayName"/>: the position among all records, which a shard cannot know).
/// </summary>
public static class ShardedSaliency
{
    /// <summary>
    /// A shard's table of listing positions and overlay files, one row per row of its <c>saliency.csv</c>, with the
    /// per-image scores the summary needs and <c>saliency.csv</c> leaves out (<see cref="ExplainedHeader"/>).
    /// </summary>
    public const string ExplainedFileName = "explained.csv";

    /// <summary>The header of <see cref="ExplainedFileName"/>.</summary>
    public const string ExplainedHeader = "index,overlay,roiAreaShare,artifactAreaShare,shortcut";

    /// <summary>The file name of <c>saliency.csv</c>.</summary>
    public const string SaliencyFileName = "saliency.csv";

    /// <summary>The overlay folder's name.</summary>
    public const string OverlaysFolderName = "overlays";

    /// <summary>
    /// Publishes a shard's saliency (<see cref="ShardStore.Publish"/>): the rows, their listing positions, and the
    /// overlays from <paramref name="overlayFolder"/> (moved, not copied).
    /// </summary>
    /// <param name="output">The run's output folder.</param>
    /// <param name="plan">The run's plan.</param>
    /// <param name="shard">The shard.</param>
    /// <param name="records">The records the shard explained, as given to <see cref="ModelExplainer.ExplainAsync"/>.</param>
    /// <param name="result">What the explainer returned.</param>
    /// <param name="skippedWhileLoading">Files of the shard the loader left out.</param>
    /// <param name="overlayFolder">Where the explainer wrote the overlays, or null for none.</param>
    /// <returns>The shard's folder, and whether this call published it.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static (string Folder, bool Published) WriteShard(
        string output,
        ShardPlan plan,
        DataShard shard,
        IReadOnlyList<RadiographRecord> records,
        ExplainResult result,
        IReadOnlyList<SkippedFile> skippedWhileLoading,
        string? overlayFolder)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(skippedWhileLoading);

        // The explainer's skipped files carry paths only; give each the listing position of its record (in order,
        // so a manifest that names one file twice still maps one to one).
        var positions = records.GroupBy(r => Path.GetFullPath(r.Path), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new Queue<int>(g.Select(r => r.ListingIndex)), StringComparer.Ordinal);
        var skipped = result.Skipped
            .Select(s => s with { ListingIndex = positions.TryGetValue(Path.GetFullPath(s.Path), out var queue) && queue.Count > 0 ? queue.Dequeue() : -1 })
            .ToList();
        var explained = new CsvWriter(ExplainedHeader.Split(','));
        foreach (var image in result.Images)
        {
            var scores = image.Scores;
            explained.Number(image.Record.ListingIndex)
                .Field(image.OverlayPath is null ? string.Empty : Path.GetFileName(image.OverlayPath))
                .Field(SaliencyCsvWriter.OptionalNumber(scores.RoiAreaShare))
                .Field(SaliencyCsvWriter.OptionalNumber(scores.ArtifactAreaShare))
                .Field(SaliencyCsvWriter.Flag(scores.ShortcutWarning))
                .EndRow();
        }

        var summary = new ShardSummary(plan, shard, result.Images.Select(i => i.Record.ListingIndex).ToList(), skippedWhileLoading, skipped);
        var rows = SaliencyCsvWriter.Format(result.CsvRows);
        var table = explained.ToString();
        return ShardStore.Publish(output, summary, folder =>
        {
            File.WriteAllText(Path.Combine(folder, SaliencyFileName), rows);
            File.WriteAllText(Path.Combine(folder, ExplainedFileName), table);
            if (overlayFolder is not null && Directory.Exists(overlayFolder))
            {
                Directory.Move(overlayFolder, Path.Combine(folder, OverlaysFolderName));
            }
        });
    }

    /// <summary>
    /// Merges the shards of an <c>explain</c> run: writes <c>saliency.csv</c> (atomically) and <c>overlays/</c> (staged,
    /// then renamed into place) as one process would have, and summarises the scores as one process does
    /// (<see cref="SaliencyScores.Summarize"/> over the images in input order).
    /// </summary>
    /// <param name="output">The run's output folder.</param>
    /// <returns>The plan, the summary of every explained image, and every skipped file (the loaders' first, in input order).</returns>
    /// <exception cref="InvalidInputException">A shard is missing, foreign, overlapping or damaged (the message names it).</exception>
    public static MergedSaliency Merge(string output)
    {
        var (plan, shards) = ShardStore.ReadAll(output);
        var rows = new List<(int Index, List<string> Fields, string Overlay, SaliencyScoreResult Scores, DataShard Shard)>();
        foreach (var summary in shards)
        {
            var folder = ShardStore.ShardFolder(output, summary.Shard);
            var csvPath = Path.Combine(folder, SaliencyFileName);
            var tablePath = Path.Combine(folder, ExplainedFileName);
            var csv = ReadRows(csvPath, SaliencyCsvWriter.Header);
            var table = ReadRows(tablePath, ExplainedHeader);
            if (csv.Count != table.Count || csv.Count != summary.RecordIndexes.Count)
            {
                throw new InvalidInputException(folder, null, $"{SaliencyFileName}, {ExplainedFileName} and {ShardSummary.FileName} disagree on how many images were explained; the shard is damaged.");
            }

            for (var i = 0; i < csv.Count; i++)
            {
                var index = SaliencyCsvWriter.ParseIndex(table[i][0], tablePath, i + 2, "index");
                if (index != summary.RecordIndexes[i])
                {
                    throw new InvalidInputException(tablePath, i + 2, $"listing position {index}, but {ShardSummary.FileName} lists {summary.RecordIndexes[i]}; the shard is damaged.");
                }

                ShardStore.CheckBelongs(output, plan, summary.Shard, csv[i][0]);
                var scores = ReadScores(csv[i], table[i], csvPath, tablePath, i + 2);
                rows.Add((index, csv[i], table[i][1], scores, summary.Shard));
            }
        }

        // One process numbers overlays by position among all records given to the explainer: explained or not decodable.
        var explainerInputs = rows.Select(r => r.Index).Concat(shards.SelectMany(s => s.SkippedWhileScoring).Select(s => s.ListingIndex)).Order().ToList();
        rows.Sort((a, b) => a.Index.CompareTo(b.Index));
        var text = new CsvWriter(SaliencyCsvWriter.Header.Split(','));
        var staging = Path.Combine(Path.GetFullPath(output), $".{OverlaysFolderName}.{Guid.NewGuid():N}.tmp");
        try
        {
            foreach (var (index, fields, overlay, _, shard) in rows)
            {
                foreach (var field in fields)
                {
                    text.Field(field);
                }

                text.EndRow();
                if (overlay.Length > 0)
                {
                    Directory.CreateDirectory(staging);
                    var position = explainerInputs.BinarySearch(index);
                    File.Copy(
                        Path.Combine(ShardStore.ShardFolder(output, shard), OverlaysFolderName, overlay),
                        Path.Combine(staging, ModelExplainer.OverlayName(position, fields[0])));
                }
            }

            var overlays = Path.Combine(output, OverlaysFolderName);
            if (Directory.Exists(overlays))
            {
                Directory.Delete(overlays, recursive: true);
            }

            if (Directory.Exists(staging))
            {
                Directory.Move(staging, overlays);
            }
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        AtomicFile.WriteAllText(Path.Combine(output, SaliencyFileName), text.ToString());
        var skipped = shards.SelectMany(s => s.SkippedWhileLoading).OrderBy(s => s.ListingIndex)
            .Concat(shards.SelectMany(s => s.SkippedWhileScoring).OrderBy(s => s.ListingIndex))
            .ToList();
        return new MergedSaliency(plan, SaliencyScores.Summarize(rows.Select(r => r.Scores)), skipped);
    }

    // One image's scores from its saliency.csv row (peak, hit, ROI and artefact energy) and its explained.csv row (the
    // area shares and the shortcut flag); numbers are written in their shortest round-trip form, so they read back
    // to the doubles the shard computed.
    private static SaliencyScoreResult ReadScores(List<string> csv, List<string> table, string csvPath, string tablePath, int line)
    {
        var (peakX, peakY, hit, roiEnergy, artifactEnergy) = SaliencyCsvWriter.ParseScores(csv, csvPath, line);
        var roiShare = SaliencyCsvWriter.ParseOptionalNumber(table[2], tablePath, line, "roiAreaShare");
        var artifactShare = SaliencyCsvWriter.ParseOptionalNumber(table[3], tablePath, line, "artifactAreaShare");
        var shortcut = SaliencyCsvWriter.ParseFlag(table[4], optional: false, tablePath, line, "shortcut")!.Value;
        if ((hit is null) != (roiEnergy is null) || (roiEnergy is null) != (roiShare is null) || (artifactEnergy is null) != (artifactShare is null))
        {
            throw new InvalidInputException(tablePath, line, $"the scores of this row and of {SaliencyFileName} disagree on whether an ROI or artefacts are known; the shard is damaged.");
        }

        return new SaliencyScoreResult(peakX, peakY, hit, roiEnergy, roiShare, artifactEnergy, artifactShare, shortcut);
    }

    private static List<List<string>> ReadRows(string path, string header)
    {
        if (!File.Exists(path))
        {
            throw new InvalidInputException(path, null, "missing; the shard is damaged.");
        }

        using var csv = CsvReader.Open(path);
        var fields = new List<string>();
        if (!csv.TryRead(fields) || string.Join(',', fields) != header)
        {
            throw new InvalidInputException(path, 1, $"the header is not {header}.");
        }

        var columns = header.Split(',').Length;
        var rows = new List<List<string>>();
        while (csv.TryRead(fields))
        {
            if (CsvReader.IsBlank(fields))
            {
                continue;
            }

            if (fields.Count != columns)
            {
                throw new InvalidInputException(path, csv.Row, $"{fields.Count} fields where the header has {columns}; the shard is damaged.");
            }

            rows.Add([.. fields]);
        }

        return rows;
    }
}
