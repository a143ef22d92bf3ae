using System.Text.Json;

namespace JointDislocation.ML.Data;

/// <summary>
/// A finished shard's <c>shard.json</c>: which run and which shard it belongs to, the listing positions of the records
/// it used, and the files it skipped (with their listing positions and whether the loader or the scorer left them out).
/// </summary>
/// <param name="Plan">The plan the shard ran under (its command, count, model and listing).</param>
/// <param name="Shard">The shard.</param>
/// <param name="RecordIndexes">Listing positions of the records the shard used, in listing order.</param>
/// <param name="SkippedWhileLoading">Files the loader left out.</param>
/// <param name="SkippedWhileScoring">Files that could not be decoded or scored.</param>
public sealed record ShardSummary(
    ShardPlan Plan,
    DataShard Shard,
    IReadOnlyList<int> RecordIndexes,
    IReadOnlyList<SkippedFile> SkippedWhileLoading,
    IReadOnlyList<SkippedFile> SkippedWhileScoring)
{
    /// <summary>The file name inside a shard's folder.</summary>
    public const string FileName = "shard.json";

    /// <summary>The summary as JSON (<see cref="JsonConventions"/>, final line break).</summary>
    /// <returns>The text.</returns>
    public string ToJson() => JsonConventions.Write(json =>
    {
        json.WriteStartObject();
        json.WriteNumber("formatVersion", ShardPlan.CurrentFormatVersion);
        json.WriteString("command", Plan.Command);
        json.WriteNumber("index", Shard.Index);
        json.WriteNumber("count", Shard.Count);
        json.WriteString("modelSha256", Plan.ModelSha256);
        json.WriteString("listingFingerprint", Plan.ListingFingerprint);
        json.WriteNumber("records", RecordIndexes.Count);
        json.WriteNumber("skipped", SkippedWhileLoading.Count + SkippedWhileScoring.Count);
        json.WriteStartArray("recordIndexes");
        foreach (var index in RecordIndexes)
        {
            json.WriteNumberValue(index);
        }

        json.WriteEndArray();
        json.WriteStartArray("skippedFiles");
        foreach (var (file, stage) in SkippedWhileLoading.Select(f => (f, "loading")).Concat(SkippedWhileScoring.Select(f => (f, "scoring"))))
        {
            json.WriteStartObject();
            json.WriteNumber("index", file.ListingIndex);
            json.WriteString("path", file.Path);
            json.WriteString("reason", file.Reason);
            json.WriteString("stage", stage);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }, indented: true) + "\n";

    /// <summary>Reads a shard's summary, checking it against the run's plan.</summary>
    /// <param name="path">The <c>shard.json</c> file.</param>
    /// <param name="plan">The run's plan.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="InvalidInputException">The file is unreadable or belongs to another run (another command, count, model or listing).</exception>
    public static ShardSummary Read(string path, ShardPlan plan)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(plan);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            var command = root.GetProperty("command").GetString();
            var count = root.GetProperty("count").GetInt32();
            var model = root.GetProperty("modelSha256").GetString();
            var listing = root.GetProperty("listingFingerprint").GetString();
            if (command != plan.Command || count != plan.Count || model != plan.ModelSha256 || listing != plan.ListingFingerprint)
            {
                throw new InvalidInputException(path, null,
                    $"a foreign shard: it ran '{command}' as one of {count} with model {model} on listing {listing}; the plan is '{plan.Command}', {plan.Count} shards, model {plan.ModelSha256}, listing {plan.ListingFingerprint}.");
            }

            var shard = new DataShard(root.GetProperty("index").GetInt32(), count);
            var indexes = root.GetProperty("recordIndexes").EnumerateArray().Select(e => e.GetInt32()).ToList();
            var loading = new List<SkippedFile>();
            var scoring = new List<SkippedFile>();
            foreach (var element in root.GetProperty("skippedFiles").EnumerateArray())
            {
                var file = new SkippedFile(element.GetProperty("path").GetString()!, element.GetProperty("reason").GetString()!)
                {
                    ListingIndex = element.GetProperty("index").GetInt32(),
                };
                (element.GetProperty("stage").GetString() == "loading" ? loading : scoring).Add(file);
            }

            return new ShardSummary(plan, shard, indexes, loading, scoring);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidInputException(path, null, $"not a shard summary: {exception.Message}", exception);
        }
    }
}
