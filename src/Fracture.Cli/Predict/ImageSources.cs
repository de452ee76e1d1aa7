using System.IO.Enumeration;

namespace Fracture.Cli.Predict;

/// <summary>
/// The image files a `--source` names: one file (whatever its extension; the decoder will say if it is no image),
/// the image files of a folder (sorted; subfolders only when recursive), or the files a glob pattern matches.
/// From folders and patterns only files with an image extension are taken, and not the annotated PNGs an earlier
/// `--save` wrote there (<see cref="SaveNames.OutputMark"/>), so a rerun does not predict on its own drawings; the
/// others are counted in <see cref="Ignored"/> and <see cref="EarlierOutputs"/>. Folders are walked without following links to folders (a link to a
/// parent would repeat the tree), as the glob's <c>**</c> does.
/// </summary>
internal sealed record ImageSources(IReadOnlyList<string> Files, int Ignored, int EarlierOutputs = 0)
{
    private static readonly HashSet<string> ImageExtensions = new(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff", ".dcm" };

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
            var all = new FileSystemEnumerable<string>(
                full,
                (ref FileSystemEntry entry) => entry.ToFullPath(),
                new EnumerationOptions { RecurseSubdirectories = recursive, IgnoreInaccessible = true })
            {
                ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory,
                ShouldRecursePredicate = (ref FileSystemEntry entry) => (entry.Attributes & FileAttributes.ReparsePoint) == 0,
            };
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
        var candidates = all.Where(HasImageExtension).ToList();
        var images = candidates.Where(path => !SaveNames.OutputMark(path)).Order(StringComparer.Ordinal).ToList();
        return images.Count == 0
            ? throw new PredictInputException($"no image files (.jpg, .jpeg, .png, .bmp, .webp, .tif, .tiff, .dcm) in {described}{(candidates.Count > 0 ? " (only annotated PNGs of an earlier --save)" : string.Empty)}")
            : new ImageSources(images, all.Count - candidates.Count, candidates.Count - images.Count);
    }
}
