using Fracture.Inference;

namespace Fracture.Training.Tasks.Segment;

/// <summary>
/// One validation image kept for the overlay plots: its index in the split and the predicted outlines at or above
/// <see cref="SegmentEvaluator.SampleConfidence"/>, in the letterboxed input's pixels.
/// </summary>
public sealed record SegmentSample(int Index, IReadOnlyList<Finding> Findings);
