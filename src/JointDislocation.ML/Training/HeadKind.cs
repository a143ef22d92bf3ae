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
}
