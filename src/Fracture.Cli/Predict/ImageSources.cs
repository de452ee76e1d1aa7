namespace Fracture.Cli.Predict;

/// <summary>
/// The image files a `--source` names: one file (whatever its extension; the decoder will say if it is no image),
/// the image files of a folder (sorted; subfolders only when recursive), or the files a glob pattern matches.
/// From folders and patterns only files with an image extension are taken; the others are counted in
/// <see cref="Ignored"/>.
/// </summary>
internal sealed record ImageSources(IReadOnlyList<string> Files, int Ignored)
{
    private static readonly HashSet<string> ImageExtensions = new(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".png", ".bmp", ".webp", ".dcm" };

    /// <exception cref="PredictInputException">The source does not exist or holds no image file.</exception>
    public static ImageSources Resolve(string source, bool recursive, string baseDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        var full = Path.GetFullPath(source, baseDirectory);
        if (File.Exists(full))
        {
            return new ImageSources([full], 0);
        }

        if (Directory.Exists(full))
        {
            // Hidden files (names starting with '.', such as the temp files of an interrupted write) are left out.
            var all = Directory.EnumerateFiles(full, "*", new EnumerationOptions { RecurseSubdirectories = recursive, IgnoreInaccessible = true });
            return Filter(all, $"folder {source}{(recursive ? string.Empty : " (add --recursive for its subfolders)")}");
        }

        if (GlobPattern.IsPattern(source))
        {
            return Filter(GlobPattern.Parse(source, baseDirectory).Files(), $"pattern {source}");
        }

        throw new PredictInputException($"source not found: {source} is no file, folder or glob pattern");
    }

    public static bool HasImageExtension(string path) => ImageExtensions.Contains(Path.GetExtension(path));

    private static ImageSources Filter(IEnumerable<string> files, string described)
    {
        var all = files.ToList();
        var images = all.Where(HasImageExtension).Order(StringComparer.Ordinal).ToList();
        return images.Count == 0
            ? throw new PredictInputException($"no image files (.jpg, .jpeg, .png, .bmp, .webp, .dcm) in {described}")
            : new ImageSources(images, all.Count - images.Count);
    }
}
