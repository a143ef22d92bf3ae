using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Saliency;

/// <summary>One image's entry in a panel or contact sheet: the radiograph, its map and a caption.</summary>
/// <param name="Image">The radiograph.</param>
/// <param name="Map">Its saliency map, the same size as <paramref name="Image"/>.</param>
/// <param name="Title">The first caption line, for example the file name.</param>
/// <param name="Label">The true label, when known.</param>
/// <param name="Score">The model's score, when known.</param>
/// <param name="Roi">The region of interest, outlined in green on the overlay, when known.</param>
/// <param name="Artifacts">Artefact boxes, outlined in magenta on the overlay, when known.</param>
public sealed record SaliencyPanel(
    GrayImage Image,
    SaliencyMap Map,
    string Title,
    string? Label = null,
    double? Score = null,
    PixelBox? Roi = null,
    IReadOnlyList<PixelBox>? Artifacts = null);
