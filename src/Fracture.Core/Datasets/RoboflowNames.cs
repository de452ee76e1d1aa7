namespace Fracture.Core.Datasets;

/// <summary>Roboflow export names: "&lt;stem&gt;.rf.&lt;hash&gt;.jpg", where the augmented copies of one source share the stem.</summary>
public static class RoboflowNames
{
    private const string Marker = ".rf.";

    /// <summary>The stem before ".rf.", or null for a name without the marker.</summary>
    public static string? Stem(string fileName)
    {
        var name = Path.GetFileName(fileName);
        var index = name.IndexOf(Marker, StringComparison.Ordinal);
        return index > 0 ? name[..index] : null;
    }
}
