namespace JointDislocation.ML.Data;

/// <summary>Reads <c>root/&lt;label&gt;/*</c> or <c>root/&lt;joint&gt;/&lt;label&gt;/*</c> into records.</summary>
internal static class FolderLoader
{
    public static void Load(string root, DatasetLoadState state)
    {
        var options = state.Options;
        if (options.Unlabelled)
        {
            LoadUnlabelled(root, state);
            return;
        }

        var folders = VisibleFolders(root);
        var labelFolders = folders.Where(f => options.Classify(Path.GetFileName(f)) is not null).ToList();
        var jointFolders = folders.Where(f => JointNames.TryParse(Path.GetFileName(f), out _)).ToList();
        var expectedLabels = $"'{options.PositiveLabel}' and '{options.NegativeLabel}'";

        if (labelFolders.Count > 0)
        {
            var others = folders.Except(labelFolders).Select(Path.GetFileName).ToList();
            if (others.Count > 0)
            {
                throw new InvalidInputException(root, null,
                    $"unknown label folders: {string.Join(", ", others)}; expected only {expectedLabels} (or joint folders, each holding those)");
            }

            LoadLabels(root, labelFolders, options.Joint, state);
            return;
        }

        if (jointFolders.Count > 0)
        {
            var others = folders.Except(jointFolders).Select(Path.GetFileName).ToList();
            if (others.Count > 0)
            {
                throw new InvalidInputException(root, null,
                    $"folders that are neither a joint (shoulder, elbow, hip, tha) nor a label ({expectedLabels}): {string.Join(", ", others)}");
            }

            var found = false;
            foreach (var joint in JointNames.All)
            {
                if (options.Joint is { } wanted && wanted != joint)
                {
                    continue;
                }

                // Folder names are matched ignoring case, like labels.
                var jointFolder = jointFolders.FirstOrDefault(f => JointNames.TryParse(Path.GetFileName(f), out var j) && j == joint);
                if (jointFolder is null)
                {
                    continue;
                }

                found = true;
                var inner = VisibleFolders(jointFolder);
                var unknown = inner.Where(f => options.Classify(Path.GetFileName(f)) is null).Select(Path.GetFileName).ToList();
                if (unknown.Count > 0)
                {
                    throw new InvalidInputException(jointFolder, null, $"unknown label folders: {string.Join(", ", unknown)}; expected {expectedLabels}");
                }

                LoadLabels(jointFolder, inner, joint, state);
            }

            if (!found)
            {
                throw new InvalidInputException(root, null, $"no folder for joint {options.Joint?.ToName()} (found: {string.Join(", ", jointFolders.Select(Path.GetFileName))})");
            }

            return;
        }

        throw new InvalidInputException(root, null,
            $"no label folders ({expectedLabels}) and no joint folders (shoulder, elbow, hip, tha) holding them");
    }

    private static void LoadLabels(string parent, List<string> labelFolders, Joint? joint, DatasetLoadState state)
    {
        var options = state.Options;

        // Positive class first, then negative; files in ordinal order, so the record order never depends on the file system.
        foreach (var positive in new[] { true, false })
        {
            foreach (var folder in labelFolders.Where(f => options.Classify(Path.GetFileName(f)) == positive))
            {
                var source = new RadiographSource(RadiographSourceKind.Folder, parent);
                var label = positive ? options.PositiveLabel : options.NegativeLabel;
                // A folder inside a label folder (even one named like an image) is no image; say so rather than pass over it.
                foreach (var inner in VisibleFolders(folder))
                {
                    if (state.Admit(inner, out var innerIndex))
                    {
                        state.Skip(inner, "a folder, not a file (images must sit directly in the label folder)", source, innerIndex);
                    }
                }

                var files = Directory.EnumerateFiles(folder)
                    .Where(f => !Path.GetFileName(f).StartsWith('.'))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                foreach (var file in files)
                {
                    AddFile(file, joint, label, positive, source, state);
                }
            }
        }
    }

    /// <summary>
    /// An unlabelled archive: every visible file under the root, in any depth, in ordinal order of its relative path
    /// (hidden files and folders, whose names start with a dot, are left out).
    /// </summary>
    private static void LoadUnlabelled(string root, DatasetLoadState state)
    {
        var source = new RadiographSource(RadiographSourceKind.Folder, root);
        var files = Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false })
            .Select(f => (Full: f, Relative: DataShard.NormalizeRelativePath(Path.GetRelativePath(root, f))))
            .Where(f => !f.Relative.Split('/').Any(part => part.StartsWith('.')))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .ToList();
        foreach (var (file, _) in files)
        {
            AddFile(file, state.Options.Joint, string.Empty, false, source, state);
        }
    }

    private static void AddFile(string file, Joint? joint, string label, bool positive, RadiographSource source, DatasetLoadState state)
    {
        if (!state.Admit(file, out var index))
        {
            return;
        }

        // By content, not by name: a JPEG saved as "Unknown" or a PNG named "x.jpg" is an image.
        if (!ImageFormatSniffer.TrySniff(file, out var format, out var unreadable))
        {
            state.Skip(file, unreadable, source, index);
            return;
        }

        if (format == ImageFormat.Unknown)
        {
            state.Skip(file, ImageFormatSniffer.UnrecognisedReason, source, index);
            return;
        }

        state.Add(new RadiographRecord(file, joint, label, positive) { Source = source, ListingIndex = index });
    }

    /// <summary>Sub-folders, ordinal order, without hidden ones (<c>.git</c>, <c>.DS_Store</c> folders and the like).</summary>
    private static List<string> VisibleFolders(string folder) =>
        Directory.EnumerateDirectories(folder)
            .Where(d => !Path.GetFileName(d).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToList();
}
