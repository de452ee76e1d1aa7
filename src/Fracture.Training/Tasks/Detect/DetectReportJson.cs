using System.Text.Json;
using System.Text.Json.Nodes;
using Fracture.Core.IO;
using Fracture.Core.Metrics;
using Fracture.Training.Engine;

namespace Fracture.Training.Tasks.Detect;

/// <summary>
/// `fracture val detect --json`: the same file `fracture eval detect` writes (<see cref="DetectionMetricsJson"/>),
/// plus <c>predictions</c> (boxes kept over the split, after NMS and the per-image cap) and <c>fracturePresent</c>
/// (auc, sensitivity, specificity, threshold, positives, negatives), so tools that read one read the other, and <c>model</c> and <c>runtime</c> (the file scored and what ran it: torchsharp or onnxruntime).
/// </summary>
public static class DetectReportJson
{
    public static JsonObject ToJson(DetectReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var json = JsonNode.Parse(DetectionMetricsJson.Serialize(report.Boxes, report.ClassNames))!.AsObject();
        json["predictions"] = report.Boxes.PerClass.Sum(c => c.Predictions);
        json["fracturePresent"] = BinaryMetricsJson.ToJson(report.FracturePresent);
        ModelSource.AddTo(json, report.Source);
        return json;
    }

    public static void Write(string path, DetectReport report) =>
        AtomicFile.WriteAllText(path, ToJson(report).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
}
