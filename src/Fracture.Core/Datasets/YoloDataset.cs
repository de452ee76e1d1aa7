using Fracture.Core.IO;

namespace Fracture.Core.Datasets;

/// <summary>Enumerates a split's images and reads their labels, following Ultralytics' folder conventions.</summary>
public static class YoloDataset
{
    /// <summary>Extensions Ultralytics treats as images; unsupported ones are still listed so checks can report them.</summary>
    public static IReadOnlySet<string> ImageExtensions { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".bmp", ".dng", ".jpeg", ".jpg", ".mpo", ".png", ".tif", ".tiff", ".webp", ".pfm", ".heic",
    };

    public static DatasetSplit ReadSplit(DataYaml yaml, string split)
    {
        var source = yaml.GetSplit(split);
        var images = ImagePaths(source);
        var items = new List<DatasetItem>(images.Count);
        var usedLabels = new HashSet<string>(StringComparer.Ordinal);
        foreach (var image in images)
        {
            var labelPath = LabelPathFor(image);
            if (File.Exists(labelPath))
            {
                usedLabels.Add(labelPath);
                items.Add(new DatasetItem(image, labelPath, ReadLabels(labelPath, yaml.Names.Count)));
            }
            else
            {
                items.Add(new DatasetItem(image, null, ParsedLabels.Empty));
            }
        }

        // Only a folder source owns its label folder; a list file shares folders with other splits' images.
        var orphans = source.Resolved.All(Directory.Exists)
            ? LabelFolders(images).SelectMany(folder => Directory.EnumerateFiles(folder, "*.txt"))
                .Where(label => !usedLabels.Contains(label) && !IsHidden(label)).OrderBy(p => p, StringComparer.Ordinal).ToList()
            : [];
        return new DatasetSplit(source.Split, source, items, orphans);
    }

    /// <summary>The split's image files, sorted, listed without reading them or their labels.</summary>
    public static IReadOnlyList<string> ImagePaths(SplitSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var visited = new HashSet<(ulong, ulong)>();
        return [.. source.Resolved.SelectMany(path => ImagesAt(path, visited)).Distinct(StringComparer.Ordinal).OrderBy(p => p, StringComparer.Ordinal)];
    }

    private static ParsedLabels ReadLabels(string labelPath, int classes)
    {
        string text;
        try
        {
            text = File.ReadAllText(labelPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ParsedLabels([], [new LabelIssue(0, LabelIssueKind.Unreadable, $"the file cannot be read: {e.Message}")], 0, 0);
        }

        return YoloLabelParser.Parse(text, classes);
    }

    /// <summary>Ultralytics' rule: the last "/images/" in the path becomes "/labels/", the extension ".txt".</summary>
    public static string LabelPathFor(string imagePath)
    {
        const string images = "/images/";
        var index = imagePath.LastIndexOf(images, StringComparison.Ordinal);
        var swapped = index < 0 ? imagePath : string.Concat(imagePath.AsSpan(0, index), "/labels/", imagePath.AsSpan(index + images.Length));
        return Path.ChangeExtension(swapped, ".txt");
    }

    private static IEnumerable<string> ImagesAt(string path, HashSet<(ulong, ulong)> visited)
    {
        if (Directory.Exists(path))
        {
            return FilesUnder(path, visited).Where(IsImagePath);
        }

        // A text file lists one image per line; relative lines are relative to the list's folder. As in Ultralytics,
        // only lines with an image extension count, and a listed image that is missing stays listed: the check reports
        // it as unreadable and training skips it, as they do a dangling link, rather than one line stopping them all.
        var folder = Path.GetDirectoryName(path)!;
        return File.ReadAllLines(path)
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => Path.GetFullPath(Path.IsPathRooted(line) ? line : Path.Combine(folder, line)))
            .Where(IsImagePath);
    }

    /// <summary>
    /// The files under a folder as Ultralytics' recursive glob finds them: names starting with '.' (macOS's "._a.jpg"
    /// metadata, ".thumbnails/") are skipped, and links to folders are followed, but each folder (by device and
    /// inode) is walked once, so a link back up the tree ends instead of repeating the tree until paths grow too long.
    /// Links are followed after the real folders: a folder reached both ways is named by its own path, beside which
    /// its labels are, whatever order the file system lists the two in.
    /// </summary>
    private static IEnumerable<string> FilesUnder(string root, HashSet<(ulong, ulong)> visited)
    {
        var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false };
        var pending = new Stack<string>([root]);
        var links = new Queue<string>();
        while (pending.TryPop(out var folder) || links.TryDequeue(out folder))
        {
            if (FileKind.Identity(folder) is { } identity && !visited.Add(identity))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(folder, "*", options).Where(f => !IsHidden(f)))
            {
                yield return file;
            }

            foreach (var sub in new DirectoryInfo(folder).EnumerateDirectories("*", options).Where(d => !IsHidden(d.Name)))
            {
                var path = Path.Join(folder, sub.Name);
                if (sub.LinkTarget is null)
                {
                    pending.Push(path);
                }
                else
                {
                    links.Enqueue(path);
                }
            }
        }
    }

    private static bool IsHidden(string path) => Path.GetFileName(path).StartsWith('.');

    private static bool IsImagePath(string path) => ImageExtensions.Contains(Path.GetExtension(path));

    private static IEnumerable<string> LabelFolders(IEnumerable<string> images) =>
        images.Select(i => Path.GetDirectoryName(LabelPathFor(i))!).Distinct(StringComparer.Ordinal).Where(Directory.Exists);
}
