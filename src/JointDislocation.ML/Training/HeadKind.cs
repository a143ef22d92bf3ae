namespace JointDislocation.ML.Training;

/// <summary>The classifier heads trained on backbone features, each an ML.NET binary trainer.</summary>
public enum HeadKind
{
    /// <summary>Logistic regression fitted by L-BFGS (<c>logreg</c>). Linear: supports class activation maps.</summary>
    LogisticRegression,

    /// <summary>Logistic regression fitted by SDCA (<c>sdca</c>). Linear: supports class activation maps.</summary>
    SdcaLogisticRegression,

    /// <summary>Linear support vector machine with a Platt calibrator (<c>svm</c>). Linear: supports class activation maps.</summary>
    LinearSvm,

    /// <summary>Gradient-boosted trees, ML.NET FastTree (<c>fasttree</c>).</summary>
    FastTree,

    /// <summary>Gradient-boosted trees, LightGBM (<c>lightgbm</c>).</summary>
    LightGbm,

    /// <summary>
    /// The backbone itself fine-tuned end to end with the study's recipe (<c>finetune</c>), then L-BFGS logistic
    /// regression on the fine-tuned network's pooled features. Linear: class activation maps stay exact. Needs an
    /// <see cref="IBackboneFineTuner"/> (the optional package <c>JointDislocation.ML.FineTuning</c>).
    /// </summary>
    FineTune,

    /// <summary>
    /// The cheaper variant of <see cref="FineTune"/> (<c>finetune-last</c>): only the last residual block and the
    /// classifier are trained. Linear, like <see cref="FineTune"/>.
    /// </summary>
    FineTuneLastBlock,
}
