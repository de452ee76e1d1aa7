using System.Text.Json.Nodes;

namespace Fracture.Core.Metrics;

/// <summary>The "fracture present" block of the metrics files: auc, sensitivity, specificity, threshold, positives, negatives (undefined values null).</summary>
public static class BinaryMetricsJson
{
    public static JsonObject ToJson(BinaryMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return new JsonObject
        {
            ["auc"] = Number(metrics.Auc),
            ["sensitivity"] = Number(metrics.Sensitivity),
            ["specificity"] = Number(metrics.Specificity),
            ["threshold"] = Number(metrics.Threshold),
            ["positives"] = metrics.Positives,
            ["negatives"] = metrics.Negatives,
        };
    }

    private static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(Math.Round(value, 6)) : null;
}
