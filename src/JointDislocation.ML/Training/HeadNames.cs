namespace JointDislocation.ML.Training;

/// <summary>The names of <see cref="HeadKind"/> used on the command line and in files, and their properties.</summary>
public static class HeadNames
{
    /// <summary>
    /// Every head on frozen backbone features, simplest first: the default candidates, in the order that breaks ties
    /// in model selection. The fine-tuned heads (<see cref="FineTuned"/>) are not among them: they need the optional
    /// fine-tuning package and train the backbone itself, so they are asked for by name.
    /// </summary>
    public static IReadOnlyList<HeadKind> All { get; } =
        [HeadKind.LogisticRegression, HeadKind.SdcaLogisticRegression, HeadKind.LinearSvm, HeadKind.FastTree, HeadKind.LightGbm];

    /// <summary>The heads that fine-tune the backbone: <c>finetune</c> (the whole network) and <c>finetune-last</c> (the last residual block).</summary>
    public static IReadOnlyList<HeadKind> FineTuned { get; } = [HeadKind.FineTune, HeadKind.FineTuneLastBlock];

    /// <summary>Every head this library knows: <see cref="All"/>, then <see cref="FineTuned"/>.</summary>
    public static IReadOnlyList<HeadKind> Known { get; } = [.. All, .. FineTuned];

    /// <summary>The name as written on the command line: <c>logreg</c>, <c>sdca</c>, <c>svm</c>, <c>fasttree</c>, <c>lightgbm</c>.</summary>
    /// <param name="head">The head.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined head.</exception>
    public static string ToName(this HeadKind head) => head switch
    {
        HeadKind.LogisticRegression => "logreg",
        HeadKind.SdcaLogisticRegression => "sdca",
        HeadKind.LinearSvm => "svm",
        HeadKind.FastTree => "fasttree",
        HeadKind.LightGbm => "lightgbm",
        HeadKind.FineTune => "finetune",
        HeadKind.FineTuneLastBlock => "finetune-last",
        _ => throw new ArgumentOutOfRangeException(nameof(head), head, "Unknown head."),
    };

    /// <summary>Whether the head is linear in the features, so that a class activation map is exact for it.</summary>
    /// <param name="head">The head.</param>
    /// <returns><see langword="true"/> for logreg, sdca, svm, finetune and finetune-last (logistic regression on the fine-tuned network's own features).</returns>
    public static bool IsLinear(this HeadKind head) =>
        head is HeadKind.LogisticRegression or HeadKind.SdcaLogisticRegression or HeadKind.LinearSvm or HeadKind.FineTune or HeadKind.FineTuneLastBlock;

    /// <summary>Whether the head fine-tunes the backbone (<c>finetune</c>, <c>finetune-last</c>).</summary>
    /// <param name="head">The head.</param>
    /// <returns><see langword="true"/> for the fine-tuned heads.</returns>
    public static bool IsFineTuned(this HeadKind head) => head is HeadKind.FineTune or HeadKind.FineTuneLastBlock;

    /// <summary>What a fine-tuned head trains of the backbone.</summary>
    /// <param name="head">A fine-tuned head.</param>
    /// <returns><see cref="FineTuneScope.Full"/> for <c>finetune</c>, <see cref="FineTuneScope.LastBlock"/> for <c>finetune-last</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The head does not fine-tune.</exception>
    public static FineTuneScope FineTuneScopeOf(this HeadKind head) => head switch
    {
        HeadKind.FineTune => FineTuneScope.Full,
        HeadKind.FineTuneLastBlock => FineTuneScope.LastBlock,
        _ => throw new ArgumentOutOfRangeException(nameof(head), head, "The head does not fine-tune the backbone."),
    };

    /// <summary>Parses a head name.</summary>
    /// <param name="text">The name, in any case.</param>
    /// <returns>The head.</returns>
    /// <exception cref="FormatException">The name is unknown; the message lists the known names.</exception>
    public static HeadKind Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var head in Known)
        {
            if (string.Equals(head.ToName(), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return head;
            }
        }

        throw new FormatException($"Unknown head '{text}'. Known heads: {string.Join(", ", Known.Select(h => h.ToName()))}.");
    }

    /// <summary>Parses a comma-separated list of head names, keeping the order given and dropping repeats.</summary>
    /// <param name="text">For example <c>logreg,svm</c>.</param>
    /// <returns>The heads.</returns>
    /// <exception cref="FormatException">A name is unknown, or the list is empty.</exception>
    public static IReadOnlyList<HeadKind> ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var heads = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Parse)
            .Distinct()
            .ToList();
        return heads.Count > 0 ? heads : throw new FormatException("The list of heads is empty.");
    }
}
