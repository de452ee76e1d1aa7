using System.Text.Json;
using Fracture.Cli.Tests.Support;

namespace Fracture.Cli.Tests;

/// <summary>`fracture dataset split` on the fixture: a new data.yaml with list files covering all 15 images once.</summary>
public sealed class DatasetSplitTests : IDisposable
{
    private static readonly string[] ListFiles = ["train.txt", "val.txt", "test.txt"];

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Split_lists_every_fixture_image_exactly_once()
    {
        var folder = Path.Combine(_temp.Path, "split");

        var result = Split(folder, seed: 1);

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var name in ListFiles.Append("data.yaml").Append("groups.csv"))
        {
            Assert.True(File.Exists(Path.Combine(folder, name)), $"{name} missing\n{result}");
        }

        var lists = ListFiles.ToDictionary(name => name, name => ReadList(Path.Combine(folder, name)));
        var all = lists.Values.SelectMany(l => l).ToList();
        Assert.Equal(15, all.Count);
        Assert.Equal(15, all.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(RepoPaths.FixtureImages(), all.Order(StringComparer.Ordinal));
        Assert.All(lists.Values, list => Assert.NotEmpty(list));

        // groups.csv: header plus one row per image, whose last column agrees with the list file holding the image.
        var rows = File.ReadAllLines(Path.Combine(folder, "groups.csv"));
        Assert.Equal("image,original_split,group,label,split", rows[0]);
        Assert.Equal(15, rows.Length - 1);
        foreach (var row in rows.Skip(1))
        {
            var image = row[1..row.IndexOf('"', 1)];
            var split = row[(row.LastIndexOf(',') + 1)..];
            Assert.Contains(image, lists[$"{split}.txt"]);
        }

        var yaml = File.ReadAllText(Path.Combine(folder, "data.yaml"));
        Assert.Contains("train: train.txt", yaml, StringComparison.Ordinal);
        Assert.Contains("nc: 7", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void The_split_dataset_passes_dataset_check_with_all_15_images()
    {
        var folder = Path.Combine(_temp.Path, "split");
        var split = Split(folder, seed: 1);
        Assert.True(split.ExitCode == 0, split.ToString());
        var report = _temp.File("check.json");

        var result = CliRunner.Run("dataset", "check", "--data", Path.Combine(folder, "data.yaml"), "--json", report);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var splits = json.RootElement.GetProperty("splits").EnumerateObject().Select(p => p.Value).ToList();
        Assert.Equal(3, splits.Count);
        Assert.Equal(15, splits.Sum(s => s.GetProperty("images").GetInt32()));

        // Labels are found beside the original images: 10 + 2 + 1 raw instances, 4 negatives, no orphans.
        Assert.Equal(13, splits.Sum(s => s.GetProperty("instances").GetInt32()));
        Assert.Equal(4, splits.Sum(s => s.GetProperty("negatives").GetInt32()));
        Assert.Equal(15, splits.Sum(s => s.GetProperty("labelFiles").GetInt32()));
        Assert.Equal(0, json.RootElement.GetProperty("leakage").GetProperty("crossSplitPairs").GetArrayLength());
    }

    [Fact]
    public void The_same_seed_gives_the_same_split()
    {
        var first = Path.Combine(_temp.Path, "first");
        var second = Path.Combine(_temp.Path, "second");

        var a = Split(first, seed: 1);
        var b = Split(second, seed: 1);

        Assert.True(a.ExitCode == 0 && b.ExitCode == 0, $"{a}\n{b}");
        foreach (var name in ListFiles)
        {
            Assert.Equal(ReadList(Path.Combine(first, name)), ReadList(Path.Combine(second, name)));
        }
    }

    private static CliResult Split(string folder, int seed) =>
        CliRunner.Run("dataset", "split", "--data", RepoPaths.FixtureYaml, "--out", folder, "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static List<string> ReadList(string path) =>
        [.. File.ReadAllLines(path).Where(line => line.Trim().Length > 0)];
}
