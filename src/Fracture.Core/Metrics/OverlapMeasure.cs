namespace Fracture.Core.Metrics;

/// <summary>What a prediction's overlap with a labelled object is measured on when a predictions file is scored.</summary>
public enum OverlapMeasure
{
    /// <summary>Box IoU (detection).</summary>
    Box,

    /// <summary>
    /// Mask IoU of the predicted polygon with the labelled outline, both rasterised by pixel centres in the image's
    /// pixels (segmentation); a prediction without a polygon overlaps nothing.
    /// </summary>
    Mask,
}
