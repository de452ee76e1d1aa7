namespace Fracture.Core.Datasets;

/// <summary>A parsed YOLO data.yaml with its split paths resolved to absolute paths.</summary>
/// <param name="YamlPath">Absolute path of the yaml file.</param>
/// <param name="Root">The dataset root the split paths are relative to (the yaml's `path`, else its folder).</param>
/// <param name="Names">Class names by id, as declared (no profile applied).</param>
/// <param name="Splits">The splits that the yaml declares and that exist, keyed by <see cref="SplitNames"/>.</param>
public sealed record DataYaml(
    string YamlPath,
    string Root,
    IReadOnlyList<string> Names,
    IReadOnlyDictionary<string, SplitSource> Splits)
{
    /// <summary>
    /// Splits the yaml declares whose path does not exist, with a message naming it. They are not in
    /// <see cref="Splits"/>; <see cref="GetSplit"/> throws the message, so only a command that needs one fails.
    /// </summary>
    public IReadOnlyDictionary<string, string> MissingSplits { get; init; } = new Dictionary<string, string>();

    /// <exception cref="DatasetException">The split is not declared, or its path does not exist.</exception>
    public SplitSource GetSplit(string split)
    {
        var key = SplitNames.Normalize(split);
        if (Splits.TryGetValue(key, out var source))
        {
            return source;
        }

        throw new DatasetException(MissingSplits.TryGetValue(key, out var missing)
            ? missing
            : $"{YamlPath} declares no '{key}' split (it has: {string.Join(", ", Splits.Keys)})");
    }
}
