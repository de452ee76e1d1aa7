using System.Text.Json;
using Fracture.Server.Contracts;
using Fracture.Server.Storage;

namespace Fracture.Server.Tests.Support;

/// <summary>
/// Findings compared by value: a record's equality compares a segmenter's outline (a list of [x, y] arrays) by
/// reference, so tests compare the JSON the API writes instead.
/// </summary>
internal static class Findings
{
    public static string Json(IReadOnlyList<PredictionFinding> findings) => JsonSerializer.Serialize(findings, ServerJson.Options);
}
