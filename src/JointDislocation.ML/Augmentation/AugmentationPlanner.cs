using System.Globalization;

namespace JointDislocation.ML.Augmentation;

/// <summary>
/// Enumerates what to featurise for a training set under a mode: <see cref="AugmentationModeKind.None"/>, each image
/// once; <see cref="AugmentationModeKind.Static"/>(K), per image the original (copy 0) then copies 1…K drawn with
/// indices 0…K−1; <see cref="AugmentationModeKind.Online"/>(E), per epoch e one fresh draw per image (index e), epoch
/// by epoch. Each draw depends only on the policy's seed, the image's key and the copy or epoch.
/// </summary>
public static class AugmentationPlanner
{
    /// <summary>Plans images known by stable keys (for example their manifest paths).</summary>
    /// <param name="policy">The policy; may be <see langword="null"/> only for <see cref="AugmentationMode.None"/>.</param>
    /// <param name="mode">The mode.</param>
    /// <param name="imageKeys">One distinct key per image.</param>
    /// <returns>The entries, image by image (static) or epoch by epoch (online).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="mode"/> or <paramref name="imageKeys"/> is <see langword="null"/>,
    /// or <paramref name="policy"/> is and the mode augments.</exception>
    /// <exception cref="ArgumentException">A key is <see langword="null"/> or appears twice.</exception>
    public static IReadOnlyList<AugmentationPlanEntry> Plan(AugmentationPolicy? policy, AugmentationMode mode, IReadOnlyList<string> imageKeys)
    {
        ArgumentNullException.ThrowIfNull(mode);
        ArgumentNullException.ThrowIfNull(imageKeys);
        if (mode.Kind != AugmentationModeKind.None && policy is null)
        {
            throw new ArgumentNullException(nameof(policy), $"Augmentation mode '{mode}' needs a policy.");
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < imageKeys.Count; i++)
        {
            var key = imageKeys[i] ?? throw new ArgumentException($"Image key {i} is null.", nameof(imageKeys));
            if (!seen.TryAdd(key, i))
            {
                throw new ArgumentException(
                    $"Image key '{key}' appears twice (positions {seen[key]} and {i}); each image needs its own key so it gets its own draws.",
                    nameof(imageKeys));
            }
        }

        var entries = new List<AugmentationPlanEntry>();
        switch (mode.Kind)
        {
            case AugmentationModeKind.Static:
                for (var i = 0; i < imageKeys.Count; i++)
                {
                    entries.Add(new AugmentationPlanEntry(i, imageKeys[i], 0, 0, AugmentationDraw.Identity));
                    for (var k = 1; k <= mode.Count; k++)
                    {
                        entries.Add(new AugmentationPlanEntry(i, imageKeys[i], 0, k, policy!.Draw(imageKeys[i], k - 1)));
                    }
                }

                break;
            case AugmentationModeKind.Online:
                for (var e = 0; e < mode.Count; e++)
                {
                    for (var i = 0; i < imageKeys.Count; i++)
                    {
                        entries.Add(new AugmentationPlanEntry(i, imageKeys[i], e, 0, policy!.Draw(imageKeys[i], e)));
                    }
                }

                break;
            default:
                for (var i = 0; i < imageKeys.Count; i++)
                {
                    entries.Add(new AugmentationPlanEntry(i, imageKeys[i], 0, 0, AugmentationDraw.Identity));
                }

                break;
        }

        return entries;
    }

    /// <summary>Plans images known by position: image i's key is i as decimal text.</summary>
    /// <param name="policy">The policy; may be <see langword="null"/> only for <see cref="AugmentationMode.None"/>.</param>
    /// <param name="mode">The mode.</param>
    /// <param name="imageCount">How many images, at least 0.</param>
    /// <returns>The entries.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="mode"/> is <see langword="null"/>, or <paramref name="policy"/>
    /// is and the mode augments.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="imageCount"/> is negative.</exception>
    public static IReadOnlyList<AugmentationPlanEntry> Plan(AugmentationPolicy? policy, AugmentationMode mode, int imageCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(imageCount);
        var keys = Enumerable.Range(0, imageCount).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        return Plan(policy, mode, keys);
    }
}
