using System.Text.Json;
using System.Text.Json.Nodes;
using Fracture.Core.IO;
using Fracture.Core.Metrics;
using Fracture.Training.Engine;

namespace Fracture.Training.Tasks.Classify;

/// <summary>
/// The classifier metrics file (`fracture val classify --json`, and the model card): accuracy, macroF1, weightedF1,
/// perClass (name, precision, recall, f1, support), confusion (labels, matrix; rows actual), fracturePresent
/// (auc, sensitivity, specificity, threshold), loss, images, flipAverage (test-time mirror averaging), and model and
/// runtime (the file scored and what ran it: torchsharp or onnxruntime). Undefined values are null.
/// </summary>
public static class ClassifyReportJson
{
    public static JsonObject ToJson(ClassifyReport report)
    {
        var metrics = report.Classification;
        var size = report.ClassNames.Count;
        var matrix = new JsonArray();
        for (var r = 0; r < size; r++)
        {
            var row = new JsonArray();
            for (var c = 0; c < size; c++)
            {
                row.Add(metrics.Confusion[r, c]);
            }

            matrix.Add(row);
        }

        var json = new JsonObject
        {
            ["accuracy"] = Number(metrics.Accuracy),
            ["macroF1"] = Number(metrics.MacroF1),
            ["weightedF1"] = Number(metrics.WeightedF1),
            ["perClass"] = new JsonArray([.. metrics.PerClass.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = report.ClassNames[c.ClassId],
                ["precision"] = Number(c.Precision),
                ["recall"] = Number(c.Recall),
                ["f1"] = Number(c.F1),
                ["support"] = c.Support,
            })]),
            ["confusion"] = new JsonObject
            {
                ["labels"] = new JsonArray([.. report.ClassNames.Select(n => (JsonNode)JsonValue.Create(n)!)]),
                ["matrix"] = matrix,
            },
            ["fracturePresent"] = BinaryMetricsJson.ToJson(report.FracturePresent),
            ["loss"] = Number(report.Loss),
            ["images"] = report.Images,
            ["flipAverage"] = report.FlipAverage,
        };
        ModelSource.AddTo(json, report.Source);
        return json;
    }

    public static void Write(string path, ClassifyReport report) =>
        AtomicFile.WriteAllText(path, ToJson(report).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    private static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(Math.Round(value, 6)) : null;
}
