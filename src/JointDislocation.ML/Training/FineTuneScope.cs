namespace JointDislocation.ML.Training;

/// <summary>What fine-tuning trains of the backbone.</summary>
public enum FineTuneScope
{
    /// <summary>The whole network, as the study did (<c>finetune</c>).</summary>
    Full,

    /// <summary>Only the last residual block (and the training classifier); the earlier blocks stay frozen (<c>finetune-last</c>).</summary>
    LastBlock,
}
