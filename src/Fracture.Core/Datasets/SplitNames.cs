namespace Fracture.Core.Datasets;

/// <summary>The split keys of a YOLO data.yaml and the aliases users type for them.</summary>
public static class SplitNames
{
    public const string Train = "train";
    public const string Val = "val";
    public const string Test = "test";

    public static IReadOnlyList<string> All { get; } = [Train, Val, Test];

    /// <summary>Maps "valid"/"validation" to "val"; throws for anything that is not a split.</summary>
    public static string Normalize(string split) => split.Trim().ToLowerInvariant() switch
    {
        "train" or "training" => Train,
        "val" or "valid" or "validation" => Val,
        "test" or "testing" => Test,
        _ => throw new DatasetException($"unknown split '{split}': use train, val (valid) or test"),
    };
}
