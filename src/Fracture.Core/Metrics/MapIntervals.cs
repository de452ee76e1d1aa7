namespace Fracture.Core.Metrics;

/// <summary>mAP50 and mAP50-95 with their bootstrap intervals: one model's, or a difference between two.</summary>
public sealed record MapIntervals(MetricInterval Map50, MetricInterval Map50To95);
