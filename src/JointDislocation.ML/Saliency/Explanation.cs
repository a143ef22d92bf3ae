using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Saliency;

/// <summary>A model's prediction for one image and the saliency map that explains it.</summary>
/// <param name="Image">The decoded image.</param>
/// <param name="Prediction">What the model said.</param>
/// <param name="Map">Saliency in the image's own pixels.</param>
/// <param name="Method">How the map was made.</param>
/// <param name="Peak">
/// Where the map points, in the image's pixels: for a class activation map the centre of its hottest cell (the map's
/// true resolution); for occlusion the arg-max of the map.
/// </param>
public sealed record Explanation(GrayImage Image, Prediction Prediction, SaliencyMap Map, SaliencyMethod Method, (int X, int Y) Peak);
