namespace Fracture.Core.Metrics;

/// <summary>A split's per-image IoU matrices, and the predictions that named images outside the split.</summary>
/// <param name="Images">One matrix per ground-truth image, in the ground truth's order.</param>
/// <param name="UnknownImages">Images named by predictions but absent from the ground truth.</param>
/// <param name="UnknownImagePredictions">Predictions on those images.</param>
public sealed record SplitMatrices(IReadOnlyList<ImageIoUMatrix> Images, int UnknownImages, int UnknownImagePredictions);
