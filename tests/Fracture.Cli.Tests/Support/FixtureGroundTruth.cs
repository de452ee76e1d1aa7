using System.Globalization;
using System.Text.Json;

namespace Fracture.Cli.Tests.Support;

/// <summary>
/// Predictions that repeat the fixture's ground truth exactly, computed here from the label files and the image
/// sizes (not through Fracture.Core): a box row's corners, a polygon row's extent, times the displayed image size.
/// </summary>
internal static class FixtureGroundTruth
{
    /// <summary>One prediction per labelled instance of <paramref name="folder"/> (train, valid or test), score 1.</summary>
    /// <param name="profilePath">When given, class ids are mapped through the profile and dropped classes left out.</param>
    public static IReadOnlyList<PerfectPrediction> Predictions(string folder, string? profilePath)
    {
        var map = profilePath is null ? null : ReadProfileMap(profilePath);
        var result = new List<PerfectPrediction>();
        foreach (var image in Directory.EnumerateFiles(Path.Combine(RepoPaths.FixtureRoot, folder, "images")).Order(StringComparer.Ordinal))
        {
            var label = Path.Combine(RepoPaths.FixtureRoot, folder, "labels", Path.GetFileNameWithoutExtension(image) + ".txt");
            var (width, height) = ImageFiles.DisplaySize(image);
            foreach (var line in File.ReadAllLines(label).Where(l => l.Trim().Length > 0))
            {
                var numbers = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
                var sourceClass = (int)numbers[0];
                int? target = map is null ? sourceClass : map[sourceClass];
                if (target is null)
                {
                    continue;
                }

                var (x1, y1, x2, y2) = Extent(numbers.AsSpan(1));
                result.Add(new PerfectPrediction(Path.GetFileName(image), target.Value, [x1 * width, y1 * height, x2 * width, y2 * height]));
            }
        }

        return result;
    }

    /// <summary>The predictions in the CLI's predictions-file shape.</summary>
    public static string ToJson(IEnumerable<PerfectPrediction> predictions) => JsonSerializer.Serialize(
        predictions.Select(p => new Dictionary<string, object>
        {
            ["image"] = p.Image,
            ["class"] = p.ClassId,
            ["score"] = 1.0,
            ["box"] = p.Box,
        }));

    private static (double X1, double Y1, double X2, double Y2) Extent(ReadOnlySpan<double> c)
    {
        if (c.Length == 4)
        {
            return (c[0] - (c[2] / 2), c[1] - (c[3] / 2), c[0] + (c[2] / 2), c[1] + (c[3] / 2));
        }

        double x1 = 1, y1 = 1, x2 = 0, y2 = 0;
        for (var i = 0; i + 1 < c.Length; i += 2)
        {
            x1 = Math.Min(x1, c[i]);
            x2 = Math.Max(x2, c[i]);
            y1 = Math.Min(y1, c[i + 1]);
            y2 = Math.Max(y2, c[i + 1]);
        }

        return (x1, y1, x2, y2);
    }

    /// <summary>Source class id to target class id (index in "classes"), null where the profile drops the class.</summary>
    private static Dictionary<int, int?> ReadProfileMap(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var classes = document.RootElement.GetProperty("classes").EnumerateArray().Select(c => c.GetString()!).ToList();
        return document.RootElement.GetProperty("map").EnumerateObject().ToDictionary(
            entry => int.Parse(entry.Name, CultureInfo.InvariantCulture),
            entry => entry.Value.ValueKind == JsonValueKind.Null ? (int?)null : classes.IndexOf(entry.Value.GetString()!));
    }
}
