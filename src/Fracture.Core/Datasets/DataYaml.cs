namespace Fracture.Core.Datasets;

/// <summary>A parsed YOLO data.yaml with its split paths resolved to absolute paths.</summary>
/// <param name="YamlPath">Absolute path of the yaml file.</param>
/// <param name="Root">The dataset root the split paths are relative to (the yaml's `path`, else its folder).</param>
/// <param name="Names">Class names by id, as declared (no profile applied).</param>
/// <param name="Splits">The splits that the yaml declares, keyed by <see cref="SplitNames"/>.</param>
public sealed record DataYaml(
    string YamlPath,
    string Root,
    IReadOnlyList<string> Names,
    IReadOnlyDictionary<string, SplitSource> Splits)
{
    public SplitSource GetSplit(string split)
    {
        var key = SplitNames.Normalize(split);
        return Splits.TryGetValue(key, out var source)
            ? source
            : throw new DatasetException($"{YamlPath} declares no '{key}' split (it has: {string.Join(", ", Splits.Keys)})");
    }
}
