namespace Fracture.Training.Tests.Support;

/// <summary>A dataset whose train and valid splits are the same few fixture images (for the overfit tests).</summary>
internal static class OverfitDataset
{
    /// <summary>
    /// One of each kind of fixture case: a large elbow outline, two small wrist outlines in one image, a thin fingers
    /// outline, a shoulder outline; 5 objects over 4 classes.
    /// </summary>
    public static readonly string[] Stems =
    [
        "image1_1872_png.rf.7f905d26de32902ea13381b0cbf56de7",
        "image1_2181_png.rf.5da98a62be9cf0adb9b860c5a27c586d",
        "image1_560_png.rf.e68689454d6c59f85bda1837369c6654",
        "image1_5917_png.rf.a9096a71879746d0b222a5ba43328eb7",
    ];

    /// <returns>The data.yaml written in <paramref name="root"/>.</returns>
    public static string Write(string root, IReadOnlyList<string> stems)
    {
        var fixture = Path.Combine(TestPaths.RepoRoot, "fixtures", "bone-fracture-mini", "train");
        foreach (var split in new[] { "train", "valid" })
        {
            Directory.CreateDirectory(Path.Combine(root, split, "images"));
            Directory.CreateDirectory(Path.Combine(root, split, "labels"));
            foreach (var stem in stems)
            {
                File.Copy(Path.Combine(fixture, "images", stem + ".jpg"), Path.Combine(root, split, "images", stem + ".jpg"));
                File.Copy(Path.Combine(fixture, "labels", stem + ".txt"), Path.Combine(root, split, "labels", stem + ".txt"));
            }
        }

        var yaml = Path.Combine(root, "data.yaml");
        File.WriteAllText(yaml, $"""
            path: {root}
            train: train/images
            val: valid/images
            names: ['elbow positive', 'fingers positive', 'forearm fracture', 'humerus fracture', 'humerus', 'shoulder fracture', 'wrist positive']
            """);
        return yaml;
    }
}
