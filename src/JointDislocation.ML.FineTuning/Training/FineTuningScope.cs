namespace JointDislocation.ML.FineTuning.Training;

/// <summary>Which part of the backbone <see cref="BackboneFineTuner"/> trains.</summary>
public enum FineTuningScope
{
    /// <summary>The whole network, end to end (the study's recipe).</summary>
    Full,

    /// <summary>
    /// Only the last residual block (and the linear layer on the pooled features). The earlier blocks stay frozen in
    /// eval mode; their output for each image is computed once and cached, so an epoch costs a small fraction of a
    /// full one (see <see cref="FineTuningOptions.CachedCopies"/> for how this meets augmentation).
    /// </summary>
    LastBlock,
}
