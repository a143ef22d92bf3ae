using System.Globalization;
using System.Text;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Data;

/// <summary>Reads a CSV manifest (docs/data-format.md) row by row into records.</summary>
internal static class ManifestLoader
{
    private const int MaxListedUnknownLabels = 20;

    private static readonly string[] RequiredColumns = ["path", "label"];

    public static void Load(string manifestPath, DatasetLoadState state)
    {
        var options = state.Options;
        var folder = Path.GetDirectoryName(manifestPath) ?? Path.GetPathRoot(manifestPath) ?? ".";
        var folderWithSeparator = Path.EndsInDirectorySeparator(folder) ? folder : folder + Path.DirectorySeparatorChar;
        var pathComparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

        using var csv = CsvReader.Open(manifestPath);
        var fields = new List<string>();
        if (!csv.TryRead(fields))
        {
            throw new InvalidInputException(manifestPath, null, "empty manifest (a header with at least 'path' and 'label' is required)");
        }

        var columns = Columns.From(fields, manifestPath, options.Unlabelled);
        var unknownLabels = new SortedDictionary<string, int>(StringComparer.Ordinal);
        while (csv.TryRead(fields))
        {
            var row = csv.Row;
            if (fields.Count == 1 && string.IsNullOrWhiteSpace(fields[0]))
            {
                continue;
            }

            if (fields.Count > columns.Count)
            {
                throw new InvalidInputException(manifestPath, row, $"{fields.Count} fields but the header has {columns.Count} columns (quote fields that contain commas)");
            }

            string Field(int index) => index >= 0 && index < fields.Count ? fields[index].Trim() : string.Empty;

            Joint? joint = options.Joint;
            var jointText = Field(columns.Joint);
            if (jointText.Length > 0)
            {
                if (!JointNames.TryParse(jointText, out var parsed))
                {
                    throw new InvalidInputException(manifestPath, row, $"unknown joint '{jointText}' (known: shoulder, elbow, hip, tha)");
                }

                if (options.Joint is { } wanted && parsed != wanted)
                {
                    continue;
                }

                joint = parsed;
            }

            var label = options.Unlabelled ? string.Empty : Field(columns.Label);
            var positive = options.Unlabelled ? false : options.Classify(label);
            if (positive is null)
            {
                unknownLabels.TryAdd(label, row);
                continue;
            }

            var rawPath = Field(columns.Path);
            if (rawPath.Length == 0)
            {
                throw new InvalidInputException(manifestPath, row, "empty path");
            }

            if (rawPath.Any(char.IsControl))
            {
                throw new InvalidInputException(manifestPath, row, "the path contains a control character (a damaged or binary file?)");
            }

            var fullPath = Resolve(rawPath, folder, out var rooted);
            if (!options.AllowPathsOutsideManifestFolder
                && (rooted || !fullPath.StartsWith(folderWithSeparator, pathComparison)))
            {
                throw new InvalidInputException(manifestPath, row,
                    $"path '{rawPath}' is {(rooted ? "absolute" : "outside the manifest's folder")}; paths must be relative to the manifest's folder and stay inside it (allow others explicitly with AllowPathsOutsideManifestFolder)");
            }

            if (!state.Admit(fullPath, out var listingIndex))
            {
                continue;
            }

            var group = Field(columns.Group);
            var record = new RadiographRecord(fullPath, joint, options.Unlabelled ? string.Empty : positive.Value ? options.PositiveLabel : options.NegativeLabel, positive.Value)
            {
                ListingIndex = listingIndex,
                GroupId = group.Length == 0 ? null : group,
                Source = new RadiographSource(RadiographSourceKind.Manifest, manifestPath, row),
                Style = Field(columns.Style) is { Length: > 0 } style ? style : null,
                Displacement = ParseDisplacement(Field(columns.Displacement), manifestPath, row),
                RegionOfInterest = ParseRoi(columns, Field, manifestPath, row),
                Artifacts = ParseArtifacts(Field(columns.Artifacts), manifestPath, row),
            };
            state.Add(record);
        }

        if (unknownLabels.Count > 0)
        {
            var listed = string.Join(", ", unknownLabels.Take(MaxListedUnknownLabels).Select(pair =>
                string.Create(CultureInfo.InvariantCulture, $"'{(pair.Key.Length == 0 ? "(empty)" : pair.Key)}' (first on row {pair.Value})")));
            var more = unknownLabels.Count > MaxListedUnknownLabels ? $" and {unknownLabels.Count - MaxListedUnknownLabels} more" : string.Empty;
            throw new InvalidInputException(manifestPath, null,
                $"unknown labels: {listed}{more}; expected the positive label '{options.PositiveLabel}' or the negative label '{options.NegativeLabel}'");
        }
    }

    private static string Resolve(string rawPath, string folder, out bool rooted)
    {
        // Manifests written on Windows use backslashes; on Unix a backslash in a file name is almost never meant.
        var normalized = Path.DirectorySeparatorChar == '/' ? rawPath.Replace('\\', '/') : rawPath;
        var hasDrive = normalized.Length >= 2 && char.IsAsciiLetter(normalized[0]) && normalized[1] == ':';
        rooted = hasDrive || Path.IsPathRooted(normalized);
        return Path.GetFullPath(rooted ? normalized : Path.Combine(folder, normalized));
    }

    private static double? ParseDisplacement(string text, string manifestPath, int row)
    {
        if (text.Length == 0)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new InvalidInputException(manifestPath, row, $"displacement '{text}' is not a number");
    }

    private static PixelBox? ParseRoi(Columns columns, Func<int, string> field, string manifestPath, int row)
    {
        string[] texts = [field(columns.RoiX), field(columns.RoiY), field(columns.RoiWidth), field(columns.RoiHeight)];
        if (texts.All(t => t.Length == 0))
        {
            return null;
        }

        var joined = string.Join(':', texts);
        return texts.Any(t => t.Length == 0) || !PixelBox.TryParse(joined, out var box)
            ? throw new InvalidInputException(manifestPath, row, $"region of interest roiX,roiY,roiWidth,roiHeight = {string.Join(",", texts)} is not four integers with non-negative size (give all four or none)")
            : box;
    }

    private static System.Collections.ObjectModel.ReadOnlyCollection<PixelBox> ParseArtifacts(string text, string manifestPath, int row)
    {
        if (text.Length == 0)
        {
            return System.Collections.ObjectModel.ReadOnlyCollection<PixelBox>.Empty;
        }

        var boxes = new List<PixelBox>();
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!PixelBox.TryParse(part, out var box))
            {
                throw new InvalidInputException(manifestPath, row, $"artifact box '{part}' is not x:y:w:h with non-negative size");
            }

            boxes.Add(box);
        }

        return boxes.AsReadOnly();
    }

    /// <summary>Column positions from the header (names case-insensitive); -1 where a column is absent.</summary>
    private sealed record Columns(int Count, int Path, int Label, int Joint, int Group, int Style, int Displacement, int RoiX, int RoiY, int RoiWidth, int RoiHeight, int Artifacts)
    {
        public static Columns From(List<string> header, string manifestPath, bool unlabelled)
        {
            var names = header.Select(h => h.Trim()).ToList();
            var duplicates = names.Where(n => n.Length > 0).GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            if (duplicates.Count > 0)
            {
                throw new InvalidInputException(manifestPath, 1, $"duplicate columns in the header: {string.Join(", ", duplicates)}");
            }

            int Index(string name) => names.FindIndex(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
            var missing = RequiredColumns.Where(n => Index(n) < 0 && !(unlabelled && n == "label")).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidInputException(manifestPath, 1, $"the header lacks the required column(s) {string.Join(" and ", missing)} (found: {string.Join(",", names)})");
            }

            var group = Index("patient");
            return new Columns(names.Count, Index("path"), Index("label"), Index("joint"), group >= 0 ? group : Index("group"), Index("style"),
                Index("displacement"), Index("roiX"), Index("roiY"), Index("roiWidth"), Index("roiHeight"), Index("artifacts"));
        }
    }
}
