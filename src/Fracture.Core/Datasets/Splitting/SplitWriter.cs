using System.Globalization;
using System.Text;
using Fracture.Core.IO;

namespace Fracture.Core.Datasets.Splitting;

/// <summary>
/// Writes a split plan as a YOLO dataset that points at the original images: data.yaml, one list file per split
/// (absolute paths, so labels are found beside the originals), and groups.csv saying why each image went where.
/// </summary>
public static class SplitWriter
{
    private const string Mark = "# Leakage-free split made by `fracture dataset split`";

    private const string GroupsHeader = "image,original_split,group,label,split\n";

    /// <summary>The files written into the output folder.</summary>
    public static IReadOnlyList<string> Outputs { get; } = ["train.txt", "val.txt", "test.txt", "groups.csv", "data.yaml"];

    /// <exception cref="DatasetException">
    /// The folder holds the source's data.yaml, or files of these names that an earlier split did not write (a
    /// dataset's own list files): they are left alone.
    /// </exception>
    public static string Write(SplitPlan plan, DataYaml source, string outFolder)
    {
        ArgumentNullException.ThrowIfNull(source);
        var folder = Path.GetFullPath(outFolder);
        CheckFolder(folder, source);
        Directory.CreateDirectory(folder);

        // Each file is replaced atomically, but not the five together: a rewrite that fails part way (a full disk)
        // must not leave an earlier split's data.yaml over new lists, which would mix two splits and leak. So the old
        // data.yaml goes first and the new one comes last; groups.csv, which marks the folder as ours while data.yaml
        // is missing, comes before the lists.
        var yamlPath = Path.Combine(folder, "data.yaml");
        File.Delete(yamlPath);
        var csv = new StringBuilder(GroupsHeader);
        foreach (var a in plan.Assignments)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{Quote(a.ImagePath)},{a.OriginalSplit},{a.Group},{a.Label},{a.Split}\n");
        }

        AtomicFile.WriteAllText(Path.Combine(folder, "groups.csv"), csv.ToString());
        foreach (var split in SplitNames.All)
        {
            var lines = plan.In(split).Select(a => a.ImagePath).Order(StringComparer.Ordinal);
            AtomicFile.WriteAllText(Path.Combine(folder, $"{split}.txt"), string.Join('\n', lines) + "\n");
        }

        // Class ids stay the source's (the profile only steered stratification), so the source names are written.
        var yaml = new StringBuilder();
        yaml.Append(Mark).Append(" from ").Append(source.YamlPath).Append('\n');
        yaml.Append(CultureInfo.InvariantCulture, $"# seed {plan.Options.Seed}, fractions {plan.Options.Train}/{plan.Options.Val}/{plan.Options.Test}, {plan.Groups} groups\n");
        yaml.Append("path: ").Append(Quote(folder)).Append('\n');
        yaml.Append("train: train.txt\nval: val.txt\ntest: test.txt\n");
        yaml.Append(CultureInfo.InvariantCulture, $"nc: {source.Names.Count}\nnames:\n");
        for (var i = 0; i < source.Names.Count; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  {i}: {Quote(source.Names[i])}\n");
        }

        AtomicFile.WriteAllText(yamlPath, yaml.ToString());
        return yamlPath;
    }

    private static void CheckFolder(string folder, DataYaml source)
    {
        var yaml = Path.Combine(folder, "data.yaml");
        if (string.Equals(Path.GetFullPath(source.YamlPath), yaml, StringComparison.Ordinal))
        {
            throw new DatasetException($"--out {folder} holds the source data.yaml; write the split to another folder");
        }

        var existing = Outputs.Where(name => File.Exists(Path.Combine(folder, name))).ToList();
        if (existing.Count > 0 && !IsEarlierSplit(yaml) && !IsEarlierSplit(Path.Combine(folder, "groups.csv"), GroupsHeader.TrimEnd('\n')))
        {
            throw new DatasetException($"--out {folder} already holds {string.Join(", ", existing)}, not written by `fracture dataset split`; they are left alone (choose another folder)");
        }
    }

    /// <summary>Whether <paramref name="file"/> is one this writer made: its first line starts with <paramref name="mark"/>.</summary>
    private static bool IsEarlierSplit(string file, string mark = Mark)
    {
        if (!File.Exists(file))
        {
            return false;
        }

        using var reader = new StreamReader(file);
        return reader.ReadLine()?.StartsWith(mark, StringComparison.Ordinal) == true;
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
