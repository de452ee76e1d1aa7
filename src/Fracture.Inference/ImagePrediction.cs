using Fracture.Core.Models;

namespace Fracture.Inference;

/// <summary>
/// What a model says about one image. <paramref name="Width"/> and <paramref name="Height"/> are the original image's
/// (after EXIF orientation), the frame every coordinate in <paramref name="Findings"/> is in.
/// <paramref name="Classification"/> is set for classifiers; <paramref name="Findings"/> is empty for them.
/// </summary>
public sealed record ImagePrediction(
    ModelTask Task,
    int Width,
    int Height,
    IReadOnlyList<Finding> Findings,
    ClassScores? Classification = null);
