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

    private static readonly string[] Outputs = ["train.txt", "val.txt", "test.txt", "groups.csv", "data.yaml"];

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
        foreach (var split in SplitNames.All)
        {
            var lines = plan.In(split).Select(a => a.ImagePath).Order(StringComparer.Ordinal);
            AtomicFile.WriteAllText(Path.Combine(folder, $"{split}.txt"), string.Join('\n', lines) + "\n");
        }

        var csv = new StringBuilder("image,original_split,group,label,split\n");
        foreach (var a in plan.Assignments)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{Quote(a.ImagePath)},{a.OriginalSplit},{a.Group},{a.Label},{a.Split}\n");
        }

        AtomicFile.WriteAllText(Path.Combine(folder, "groups.csv"), csv.ToString());

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

        var yamlPath = Path.Combine(folder, "data.yaml");
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
        if (existing.Count > 0 && !IsEarlierSplit(yaml))
        {
            throw new DatasetException($"--out {folder} already holds {string.Join(", ", existing)}, not written by `fracture dataset split`; they are left alone (choose another folder)");
        }
    }

    private static bool IsEarlierSplit(string yaml)
    {
        if (!File.Exists(yaml))
        {
            return false;
        }

        using var reader = new StreamReader(yaml);
        return reader.ReadLine()?.StartsWith(Mark, StringComparison.Ordinal) == true;
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
