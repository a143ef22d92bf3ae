using JointDislocation.ML.Data;

namespace JointDislocation.ML.Saliency;

/// <summary>What <see cref="ShardedSaliency.Merge"/> returns: the run's plan, and what one process's explainer reports.</summary>
/// <param name="Plan">The run's shard plan (its command's settings name the saliency method).</param>
/// <param name="Summary">The scores of every explained image, summarised as <see cref="ExplainResult.Summary"/> is.</param>
/// <param name="Skipped">Every skipped file: the loaders' first, then the explainers', each in input order.</param>
public sealed record MergedSaliency(ShardPlan Plan, SaliencyScoreSummary Summary, IReadOnlyList<SkippedFile> Skipped);
