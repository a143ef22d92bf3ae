namespace JointDislocation.ML.Backbones;

/// <summary>
/// How an image of any size becomes the backbone's square input. The choice changes what the network sees on wide or
/// tall radiographs, so it is an option, not a hidden constant (see docs/backbones.md for measured effects).
/// </summary>
public enum ResizePolicy
{
    /// <summary>
    /// Scale uniformly until the image covers the input, then cut the overflow equally from both sides (ML.NET's
    /// default <c>ResizingKind.IsoCrop</c> with <c>Anchor.Center</c>, reproduced pixel for pixel). May cut off
    /// content near the edges of a wide or tall image.
    /// </summary>
    IsoCrop = 0,

    /// <summary>
    /// Scale each axis independently to the input size; the whole image is kept but distorted. Filtered like the other
    /// policies (high quality); ML.NET's <c>Fill</c> samples without filtering, so its pixels differ on purpose.
    /// </summary>
    Stretch = 1,

    /// <summary>
    /// Scale uniformly until the image fits inside the input and pad the rest with black (ML.NET's <c>IsoPad</c>);
    /// the whole image is kept undistorted, at a smaller scale.
    /// </summary>
    Letterbox = 2,
}
