using System.Text.Json;
using System.Text.Json.Serialization;
using Fracture.Core.IO;

namespace Fracture.Core.Datasets.Checking;

/// <summary>The check report as JSON: splits keyed by name ("train", "val", "test"), camelCase keys.</summary>
public static class DatasetCheckJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize(DatasetCheckReport report) => JsonSerializer.Serialize(
        new
        {
            report.YamlPath,
            report.Profile,
            report.ClassNames,
            Splits = report.Splits.ToDictionary(s => s.Split, s => s),
            report.Leakage,
            report.Seconds,
        },
        Options);

    public static void Write(DatasetCheckReport report, string path) => AtomicFile.WriteAllText(path, Serialize(report));
}
