namespace JointDislocation.ML.Augmentation;

/// <summary>The study's two augmentation policies, with seed 0 (use <see cref="AugmentationPolicy.WithSeed"/>).</summary>
public static class AugmentationPresets
{
    /// <summary>How many extra copies per training image the study's static augmentation wrote.</summary>
    public const int StudyStaticCopies = 13;

    /// <summary>
    /// The study's on-the-fly policy: rotation ±5°, resize to 256 and random crop 224, horizontal and vertical flips
    /// (each with probability 0.5), brightness jitter 0.25. Named <c>study-online</c>.
    /// </summary>
    public static AugmentationPolicy StudyOnline { get; } = BuildStudyOnline(224);

    /// <summary>
    /// The study's on-the-fly policy for a backbone run at another input side: the same rotation, flips and
    /// brightness, and the crop scaled with the input (448 of 512 for 448), so the copies keep the pixels that input
    /// size was chosen for instead of being cropped to 224 and enlarged again. Named <c>study-online@N</c>; 224 gives
    /// <see cref="StudyOnline"/> itself.
    /// </summary>
    /// <param name="inputSize">The backbone's square input side, at least 1.</param>
    /// <returns>The policy, seed 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputSize"/> is below 1 or crops beyond the largest side.</exception>
    public static AugmentationPolicy StudyOnlineAt(int inputSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(StudyResizeSide(inputSize), AugmentationPipelineBuilder.MaxSide, nameof(inputSize));
        return inputSize == 224 ? StudyOnline : BuildStudyOnline(inputSize);
    }

    /// <summary>
    /// The study's on-the-fly policy for a network input of <paramref name="inputWidth"/> × <paramref name="inputHeight"/>:
    /// <see cref="StudyOnlineAt"/> of the side for a square input, <see cref="StudyOnline"/> otherwise.
    /// </summary>
    /// <param name="inputWidth">The backbone's input width.</param>
    /// <param name="inputHeight">The backbone's input height.</param>
    /// <returns>The policy, seed 0.</returns>
    public static AugmentationPolicy StudyOnlineFor(int inputWidth, int inputHeight) =>
        inputWidth == inputHeight ? StudyOnlineAt(inputWidth) : StudyOnline;

    /// <summary>The side the study's online policy resizes to before its crop: 256 for a 224 crop, scaled alike.</summary>
    private static int StudyResizeSide(int inputSize) => (int)Math.Round(inputSize * 256.0 / 224.0);

    private static AugmentationPolicy BuildStudyOnline(int inputSize) => new AugmentationPipelineBuilder()
        .Named(inputSize == 224 ? "study-online" : $"study-online@{inputSize}")
        .RandomRotation(5)
        .RandomCrop(inputSize, from: StudyResizeSide(inputSize))
        .FlipHorizontal()
        .FlipVertical()
        .Brightness(0.25)
        .Build();

    /// <summary>
    /// The study's static policy, thirteen variants for <c>AugmentationMode.Static(13)</c>: fixed rotations of 30°, 60°,
    /// …, 330° (eleven copies), then two random affine copies. The study did not publish its affine ranges; we use
    /// rotation ±15°, translation ±10 % and zoom 0.9–1.1 (see docs/augmentation.md). Named <c>study-static</c>.
    /// </summary>
    public static AugmentationPolicy StudyStatic { get; } = BuildStudyStatic();

    /// <summary>The mode the study's static policy was used with: <c>static:13</c>.</summary>
    public static AugmentationMode StudyStaticMode { get; } = AugmentationMode.Static(StudyStaticCopies);

    private static AugmentationPolicy BuildStudyStatic()
    {
        var builder = new AugmentationPipelineBuilder().Named("study-static");
        for (var degrees = 30; degrees <= 330; degrees += 30)
        {
            builder.FixedRotation(degrees).NextVariant();
        }

        return builder
            .RandomRotation(15).Translate(0.1).Zoom(0.9, 1.1)
            .NextVariant()
            .RandomRotation(15).Translate(0.1).Zoom(0.9, 1.1)
            .Build();
    }
}
