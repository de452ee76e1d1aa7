using Fracture.Core.Imaging;
using Fracture.Training.Networks.Detection;
using Fracture.Training.Networks.Segmentation;
using Fracture.Training.Tasks.Detect;

namespace Fracture.Training.Tasks.Segment;

/// <summary>The segmenter networks: the detector's backbones (<see cref="DetectorNetworks.Names"/>) with mask branches.</summary>
public static class SegmenterNetworks
{
    public static IReadOnlyList<string> Names => DetectorNetworks.Names;

    public static InputNormalization NormalizationOf(string name) => DetectorNetworks.NormalizationOf(name);

    /// <param name="initialWeights">Load pretrained backbone weights (false when the weights come from a checkpoint).</param>
    public static Segmenter Create(string name, int classes, bool initialWeights) =>
        new(DetectorNetworks.Backbone(name, initialWeights), new DetectorOptions { Classes = classes });
}
