using System.Text.Json;

namespace Fracture.Cli.Tests.Support;

/// <summary>A `val --json` file as read back by the tests, with its numbers reachable by dotted path ("fracturePresent.auc").</summary>
internal sealed class ValReport(JsonElement root)
{
    public JsonElement Root { get; } = root;

    public static ValReport Read(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return new ValReport(doc.RootElement.Clone());
    }

    public JsonElement this[string path] => path.Split('.').Aggregate(Root, (node, key) => node.GetProperty(key));

    public double Number(string path) => this[path].GetDouble();

    /// <summary>The element's JSON text, for comparing whole tables (perClass, confusion) exactly.</summary>
    public string Raw(string path) => this[path].GetRawText();
}
