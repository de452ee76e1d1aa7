using System.Text.Json;
using System.Text.Json.Nodes;
using Fracture.Core.IO;
using Fracture.Core.Metrics;
using Fracture.Training.Engine;
using Fracture.Training.Tasks.Detect;

namespace Fracture.Training.Tasks.Segment;

/// <summary>
/// `fracture val segment --json`: the detector's file for the boxes (<see cref="DetectReportJson"/>, so tools that
/// read one read the other) with a <c>mask</c> object holding the same figures for the masks
/// (<see cref="DetectionMetricsJson"/>: mAP50, mAP50-95, per class, P/R at best F1, confusion).
/// </summary>
public static class SegmentReportJson
{
    public static JsonObject ToJson(SegmentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var json = DetectReportJson.ToJson(report.Boxes with { Source = null });
        json["mask"] = JsonNode.Parse(DetectionMetricsJson.Serialize(report.Masks, report.ClassNames));
        ModelSource.AddTo(json, report.Source);
        return json;
    }

    public static void Write(string path, SegmentReport report) =>
        AtomicFile.WriteAllText(path, ToJson(report).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
}
