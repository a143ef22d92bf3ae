using JointDislocation.ML.Data;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Saliency;

/// <summary>A model's prediction for one image and the saliency map that explains it.</summary>
/// <param name="Image">The decoded image.</param>
/// <param name="Prediction">What the model said.</param>
/// <param name="Map">Saliency in the image's own pixels.</param>
/// <param name="Method">How the map was made.</param>
public sealed record Explanation(GrayImage Image, Prediction Prediction, SaliencyMap Map, SaliencyMethod Method);
