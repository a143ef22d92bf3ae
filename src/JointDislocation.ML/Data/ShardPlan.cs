using System.Globalization;
using System.Text.Json;

namespace JointDislocation.ML.Data;

/// <summary>
/// What every shard of one sharded run must agree on, written once as <c>OUT/shards/plan.json</c> by whichever task
/// comes first: the command, the shard count, the model's SHA-256, the data listing (<see cref="RadiographDataset.ListingFingerprint"/>)
/// and the settings that change the outputs. A task that disagrees stops instead of mixing runs.
/// </summary>
/// <param name="Command">The command (<c>score</c>, <c>evaluate</c> or <c>explain</c>).</param>
/// <param name="Count">How many shards.</param>
/// <param name="ModelSha256">SHA-256 (hex) of the model file.</param>
/// <param name="ListingFingerprint">The data listing's fingerprint.</param>
/// <param name="ListingCount">How many files the listing names.</param>
/// <param name="ListingRoot">The folder the listing's paths are relative to (full path).</param>
/// <param name="Settings">Every other setting that changes the outputs, by name (sorted when written).</param>
public sealed record ShardPlan(
    string Command,
    int Count,
    string ModelSha256,
    string ListingFingerprint,
    int ListingCount,
    string ListingRoot,
    IReadOnlyDictionary<string, string> Settings)
{
    /// <summary>The file's format version.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The plan's file name inside <c>OUT/shards</c>.</summary>
    public const string FileName = "plan.json";

    /// <summary>The folder of a run's shards inside its output folder.</summary>
    public const string FolderName = "shards";

    /// <summary>The format version this plan was written with.</summary>
    /// <value><see cref="CurrentFormatVersion"/>.</value>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>Every way in which <paramref name="other"/> differs from this plan, in words; empty when they agree.</summary>
    /// <param name="other">The other plan (a task's own).</param>
    /// <returns>The differences.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public IReadOnlyList<string> Differences(ShardPlan other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var differences = new List<string>();
        void Compare(string what, string mine, string theirs)
        {
            if (!string.Equals(mine, theirs, StringComparison.Ordinal))
            {
                differences.Add($"{what} is {theirs}, the plan says {mine}");
            }
        }

        Compare("the command", Command, other.Command);
        Compare("the shard count", Count.ToString(CultureInfo.InvariantCulture), other.Count.ToString(CultureInfo.InvariantCulture));
        Compare("the model's SHA-256", ModelSha256, other.ModelSha256);
        Compare("the data root", ListingRoot, other.ListingRoot);
        Compare("the data listing", $"{ListingFingerprint} ({ListingCount} files)", $"{other.ListingFingerprint} ({other.ListingCount} files)");
        foreach (var name in Settings.Keys.Union(other.Settings.Keys).Order(StringComparer.Ordinal))
        {
            Compare($"setting '{name}'", Settings.GetValueOrDefault(name) ?? "(unset)", other.Settings.GetValueOrDefault(name) ?? "(unset)");
        }

        return differences;
    }

    /// <summary>The plan as JSON (<see cref="JsonConventions"/>, indented, settings sorted, final line break).</summary>
    /// <returns>The text.</returns>
    public string ToJson() => JsonConventions.Write(json =>
    {
        json.WriteStartObject();
        json.WriteNumber("formatVersion", FormatVersion);
        json.WriteString("command", Command);
        json.WriteNumber("count", Count);
        json.WriteString("modelSha256", ModelSha256);
        json.WriteString("listingFingerprint", ListingFingerprint);
        json.WriteNumber("listingCount", ListingCount);
        json.WriteString("listingRoot", ListingRoot);
        json.WriteStartObject("settings");
        foreach (var (name, value) in Settings.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }, indented: true) + "\n";

    /// <summary>Reads a plan file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="InvalidInputException">The file is missing or not a plan of this version.</exception>
    public static ShardPlan Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            var version = root.GetProperty("formatVersion").GetInt32();
            if (version != CurrentFormatVersion)
            {
                throw new InvalidInputException(path, null, $"shard plan format version {version}; this library reads {CurrentFormatVersion}.");
            }

            return new ShardPlan(
                root.GetProperty("command").GetString()!,
                root.GetProperty("count").GetInt32(),
                root.GetProperty("modelSha256").GetString()!,
                root.GetProperty("listingFingerprint").GetString()!,
                root.GetProperty("listingCount").GetInt32(),
                root.GetProperty("listingRoot").GetString()!,
                root.GetProperty("settings").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal));
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidInputException(path, null, "no shard plan (no shard of this run has started).", exception);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidInputException(path, null, $"not a shard plan: {exception.Message}", exception);
        }
    }
}
