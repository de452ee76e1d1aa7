using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fracture.Core.Datasets;

/// <summary>
/// Renames, merges and drops a dataset's classes by configuration, so a mislabelled export (the shipped set's swapped
/// ids 3 and 4) is read correctly without code. <see cref="Map"/> sends each source class id to a target class name,
/// or to null to drop its instances; two source ids sent to one name are merged.
/// </summary>
public sealed record DatasetProfile(string Name, string? Description, IReadOnlyList<string> Classes, IReadOnlyDictionary<int, string?> Map)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The profile that keeps every class as declared.</summary>
    public static DatasetProfile Identity(IReadOnlyList<string> names) =>
        new("identity", null, names, Enumerable.Range(0, names.Count).ToDictionary(i => i, i => (string?)names[i]));

    /// <summary>The profile at <paramref name="path"/> checked against the dataset's classes, or null when there is none.</summary>
    public static DatasetProfile? LoadFor(DataYaml yaml, string? path)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var profile = path is null ? null : Load(path);
        profile?.Validate(yaml.Names);
        return profile;
    }

    public static DatasetProfile Load(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new DatasetException($"profile not found: {fullPath}");
        }

        ProfileFile? file;
        try
        {
            file = JsonSerializer.Deserialize<ProfileFile>(File.ReadAllText(fullPath), JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new DatasetException($"{fullPath}: not a valid profile ({ex.Message})", ex);
        }

        if (file?.Classes is not { Count: > 0 } classes || file.Map is null)
        {
            throw new DatasetException($"{fullPath}: a profile needs 'classes' (target names) and 'map' (source id -> target name or null)");
        }

        var map = new Dictionary<int, string?>();
        foreach (var (key, target) in file.Map)
        {
            if (!int.TryParse(key, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) || id < 0)
            {
                throw new DatasetException($"{fullPath}: map key '{key}' is not a source class id");
            }

            if (target is not null && !classes.Contains(target))
            {
                throw new DatasetException($"{fullPath}: map sends {id} to '{target}', which is not in 'classes'");
            }

            map[id] = target;
        }

        if (classes.Distinct(StringComparer.Ordinal).Count() != classes.Count)
        {
            throw new DatasetException($"{fullPath}: 'classes' lists a name twice");
        }

        return new DatasetProfile(file.Name ?? Path.GetFileNameWithoutExtension(fullPath), file.Description, classes, map);
    }

    /// <summary>Throws unless every source class id of the dataset has a mapping.</summary>
    public void Validate(IReadOnlyList<string> sourceNames)
    {
        var missing = Enumerable.Range(0, sourceNames.Count).Where(id => !Map.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            throw new DatasetException(
                $"profile '{Name}' does not map source class ids {string.Join(", ", missing)} ({string.Join(", ", missing.Select(i => sourceNames[i]))}); map each to a class or to null");
        }

        var extra = Map.Keys.Where(id => id >= sourceNames.Count).ToList();
        if (extra.Count > 0)
        {
            throw new DatasetException($"profile '{Name}' maps ids {string.Join(", ", extra)}, but the dataset has only {sourceNames.Count} classes");
        }
    }

    /// <summary>The target class id of a source class id, or null when the profile drops it.</summary>
    public int? TargetOf(int sourceClassId) =>
        Map.TryGetValue(sourceClassId, out var name) && name is not null ? IndexOf(name) : null;

    /// <summary>The instances with target class ids; dropped classes are left out.</summary>
    public IReadOnlyList<LabelInstance> Apply(IReadOnlyList<LabelInstance> instances)
    {
        var result = new List<LabelInstance>(instances.Count);
        foreach (var instance in instances)
        {
            if (TargetOf(instance.ClassId) is { } target)
            {
                result.Add(instance.WithClass(target));
            }
        }

        return result;
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < Classes.Count; i++)
        {
            if (string.Equals(Classes[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private sealed class ProfileFile
    {
        public string? Name { get; set; }

        public string? Description { get; set; }

        public List<string>? Classes { get; set; }

        [JsonPropertyName("map")]
        public Dictionary<string, string?>? Map { get; set; }
    }
}
