namespace Fracture.Core.Metrics;

/// <summary>
/// The labelled objects of one image. <paramref name="Image"/> is the file name (e.g. "a.jpg") and is
/// matched to <see cref="DetectionPrediction.Image"/> by exact, case-sensitive comparison.
/// An image with no boxes still counts: every prediction on it is a false positive.
/// </summary>
public sealed record ImageGroundTruth(string Image, IReadOnlyList<GroundTruthBox> Boxes);
