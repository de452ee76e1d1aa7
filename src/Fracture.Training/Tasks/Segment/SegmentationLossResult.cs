using static TorchSharp.torch;

namespace Fracture.Training.Tasks.Segment;

/// <summary>The segmenter's loss to back-propagate and its gained parts (box, class, DFL as the detector's, and mask).</summary>
public sealed record SegmentationLossResult(Tensor Total, double Box, double Class, double Dfl, double Mask);
