using Fracture.Core.Datasets;

namespace Fracture.Training.Data;

/// <summary>
/// Where each class id of a dataset's labels goes in a run: "id:class" per source id, "id:-" for one the profile drops.
/// A checkpoint keeps it, so a resume can tell an edited profile or data.yaml that keeps the run's class list but
/// moves labels between its classes (its map's ids swapped), which the class names alone cannot show.
/// </summary>
public static class LabelMapping
{
    public static string Of(DataYaml yaml, DatasetProfile? profile)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        return string.Join(", ", yaml.Names.Select((name, id) =>
            $"{id}:{(profile is null ? name : profile.TargetOf(id) is { } target ? profile.Classes[target] : "-")}"));
    }
}
