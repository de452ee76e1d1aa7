using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Fracture.Core.Datasets;

/// <summary>Reads a YOLO data.yaml and resolves its split paths the way Ultralytics does.</summary>
public static class DataYamlReader
{
    public static DataYaml Read(string yamlPath)
    {
        var fullPath = Path.GetFullPath(yamlPath);
        if (!File.Exists(fullPath))
        {
            throw new DatasetException($"data.yaml not found: {fullPath}");
        }

        YamlMappingNode map;
        try
        {
            var stream = new YamlStream();
            using var reader = new StreamReader(fullPath);
            stream.Load(reader);
            map = stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode m
                ? m
                : throw new DatasetException($"{fullPath}: expected a YAML mapping with train/val/names keys");
        }
        catch (YamlException ex)
        {
            throw new DatasetException($"{fullPath}: not valid YAML ({ex.Start.Line}:{ex.Start.Column}): {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet's scanner throws this instead of a YamlException on some malformed input, e.g. "train: [a\nnames: {".
            throw new DatasetException($"{fullPath}: not valid YAML (the parser gave up: {ex.Message})", ex);
        }

        var yamlFolder = Path.GetDirectoryName(fullPath)!;
        if (map.Children.TryGetValue(new YamlScalarNode("path"), out var pathNode) && pathNode is not YamlScalarNode)
        {
            throw new DatasetException($"{fullPath}: 'path' must be a folder path");
        }

        var root = ResolveRoot(Scalar(map, "path"), yamlFolder);
        var names = ReadNames(map, fullPath);
        var splits = new Dictionary<string, SplitSource>();
        var missing = new Dictionary<string, string>();
        foreach (var split in SplitNames.All)
        {
            // Ultralytics reads a 'validation' key as 'val' when 'val' is not given.
            if ((!map.Children.TryGetValue(new YamlScalarNode(split), out var node) || IsAbsent(node))
                && (split != SplitNames.Val || !map.Children.TryGetValue(new YamlScalarNode("validation"), out node) || IsAbsent(node)))
            {
                continue;
            }

            // Ultralytics checks only the splits a run uses (val, and train to train), so a declared folder that is
            // missing stops only the command that asks for that split (DataYaml.GetSplit throws the reason).
            if (ResolveSplit(split, node, root, fullPath, out var problem) is { } source)
            {
                splits[split] = source;
            }
            else
            {
                missing[split] = problem;
            }
        }

        if (!splits.ContainsKey(SplitNames.Train) && !splits.ContainsKey(SplitNames.Val)
            && !missing.ContainsKey(SplitNames.Train) && !missing.ContainsKey(SplitNames.Val))
        {
            throw new DatasetException($"{fullPath}: declares neither 'train' nor 'val'");
        }

        // Nothing could read such a dataset; a check or split of it would "pass" with empty tables.
        if (splits.Count == 0)
        {
            throw new DatasetException($"none of the splits declared in {fullPath} exists: {string.Join("; ", missing.Values)}");
        }

        return new DataYaml(fullPath, root, names, splits) { MissingSplits = missing };
    }

    // Ultralytics resolves a relative `path` against its global datasets folder; a folder next to the yaml is
    // what a user means, so Fracture resolves it against the yaml's folder.
    private static string ResolveRoot(string? declared, string yamlFolder) =>
        string.IsNullOrWhiteSpace(declared) ? yamlFolder : Path.GetFullPath(Path.Combine(yamlFolder, declared));

    /// <summary>The split's source, or null with <paramref name="missing"/> saying which declared path does not exist.</summary>
    /// <exception cref="DatasetException">The value is neither a path nor a list of paths.</exception>
    private static SplitSource? ResolveSplit(string split, YamlNode node, string root, string yamlPath, out string missing)
    {
        missing = string.Empty;
        if (node is YamlScalarNode scalar)
        {
            var declared = scalar.Value ?? string.Empty;
            var direct = Path.GetFullPath(Path.Combine(root, declared));
            if (Exists(direct))
            {
                return new SplitSource(split, [declared], [direct], $"{declared} -> {direct}");
            }

            // Ultralytics' rule: a missing "../x" is retried as "x" under the root. Roboflow exports rely on it.
            if (declared.StartsWith("../", StringComparison.Ordinal))
            {
                var retried = Path.GetFullPath(Path.Combine(root, declared[3..]));
                if (Exists(retried))
                {
                    return new SplitSource(
                        split,
                        [declared],
                        [retried],
                        $"{declared} -> {direct} does not exist; resolved as {declared[3..]} -> {retried} (Ultralytics rule)");
                }
            }

            missing = $"{yamlPath}: {split} path '{declared}' does not exist (looked at {direct})";
            return null;
        }

        if (node is YamlSequenceNode sequence)
        {
            if (sequence.Children.Count == 0 || sequence.Children.Any(c => c is not YamlScalarNode { Value.Length: > 0 }))
            {
                throw new DatasetException($"{yamlPath}: '{split}' must list paths (plain strings)");
            }

            var declared = sequence.Children.Cast<YamlScalarNode>().Select(s => s.Value!).ToList();
            var resolved = declared.Select(d => Path.GetFullPath(Path.Combine(root, d))).ToList();
            var absent = resolved.Where(r => !Exists(r)).ToList();
            if (absent.Count > 0)
            {
                missing = $"{yamlPath}: {split} paths do not exist: {string.Join(", ", absent)}";
                return null;
            }

            return new SplitSource(split, declared, resolved, string.Join("; ", declared.Zip(resolved, (d, r) => $"{d} -> {r}")));
        }

        throw new DatasetException($"{yamlPath}: '{split}' must be a path or a list of paths");
    }

    private static List<string> ReadNames(YamlMappingNode map, string yamlPath)
    {
        var nc = Scalar(map, "nc");
        int? declaredCount = nc is null
            ? null
            : int.TryParse(nc, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new DatasetException($"{yamlPath}: nc must be a positive integer, got '{nc}'");

        List<string> names;
        if (!map.Children.TryGetValue(new YamlScalarNode("names"), out var node) || IsNull(node))
        {
            names = declaredCount is { } count
                ? Enumerable.Range(0, count).Select(i => $"class{i}").ToList()
                : throw new DatasetException($"{yamlPath}: declares neither 'names' nor 'nc'");
        }
        else if (node is YamlSequenceNode list)
        {
            names = list.Children.Select(c => (c as YamlScalarNode)?.Value?.Trim() ?? string.Empty).ToList();
        }
        else if (node is YamlMappingNode byId)
        {
            names = ReadNameMap(byId, yamlPath);
        }
        else
        {
            throw new DatasetException($"{yamlPath}: 'names' must be a list or a map of id to name");
        }

        if (names.Any(string.IsNullOrWhiteSpace))
        {
            throw new DatasetException($"{yamlPath}: a class name is empty");
        }

        if (declaredCount is { } expected && expected != names.Count)
        {
            throw new DatasetException($"{yamlPath}: nc is {expected} but names has {names.Count} entries");
        }

        return names;
    }

    private static List<string> ReadNameMap(YamlMappingNode byId, string yamlPath)
    {
        var pairs = new SortedDictionary<int, string>();
        foreach (var (key, value) in byId.Children)
        {
            var keyText = (key as YamlScalarNode)?.Value;
            if (!int.TryParse(keyText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) || id < 0)
            {
                throw new DatasetException($"{yamlPath}: names key '{keyText}' is not a class id");
            }

            pairs[id] = (value as YamlScalarNode)?.Value?.Trim() ?? string.Empty;
        }

        // Ids must be 0..n-1 without gaps: a gap would shift every later class silently.
        var expected = 0;
        foreach (var id in pairs.Keys)
        {
            if (id != expected++)
            {
                throw new DatasetException($"{yamlPath}: names ids must run 0..{pairs.Count - 1} without gaps (missing {expected - 1})");
            }
        }

        return [.. pairs.Values];
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar && !IsNull(node)
            ? scalar.Value
            : null;

    // YAML's null spellings count only unquoted: "null" in quotes is a string.
    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Value: null or "" or "~" or "null" or "Null" or "NULL" } s && s.Style == YamlDotNet.Core.ScalarStyle.Plain;

    // A split given as "" or "  " names no folder (Ultralytics skips falsy values), like an empty list entry (see ResolveSplit).
    private static bool IsAbsent(YamlNode node) =>
        IsNull(node) || node is YamlScalarNode { Value: var value } && string.IsNullOrWhiteSpace(value);

    private static bool Exists(string path) => Directory.Exists(path) || File.Exists(path);
}
