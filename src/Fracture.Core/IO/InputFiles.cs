using Fracture.Core.Datasets;

namespace Fracture.Core.IO;

/// <summary>
/// The files a command reads, so that an output naming one of them is refused before any work starts: a report
/// written over the model, the data.yaml, a label file or a source image destroys it (`predict --json` over an X-ray
/// used to report success). A file is known by what it is, not how it is named: device and inode after links
/// (<see cref="FileKind.Identity"/>), so a link to the model, a path through a linked folder or a hard link is the
/// model too. A path that does not exist yet is known by its folder and name, so writing the label file an image
/// lacks (which would label the image) is refused as well.
/// </summary>
public sealed class InputFiles
{
    private readonly List<(string Path, string Description)> _added = [];

    // Built at the first output checked (each file examined once, none when no output is given), then kept up to date.
    private Dictionary<FileKey, (string Path, string Description)>? _files;

    /// <summary>Adds the file an option names; messages call it "the OPTION file".</summary>
    public InputFiles AddOption(string option, string? path) => Add(path, $"the {option} file");

    /// <summary>
    /// Adds a file the command reads, described as a message names it ("a --source image"); null is nothing. A file
    /// added twice keeps its first description.
    /// </summary>
    public InputFiles Add(string? path, string description)
    {
        if (path is not null)
        {
            var full = Path.GetFullPath(path);
            _added.Add((full, description));
            _files?.TryAdd(FileKey.Of(full), (full, description));
        }

        return this;
    }

    /// <summary>
    /// Adds a split's image list (when a file names its images), its images and their label files (the label path of
    /// each image, whether or not it exists), listed without reading any.
    /// </summary>
    /// <exception cref="DatasetException">The split is not declared, or its path does not exist.</exception>
    public InputFiles AddSplit(DataYaml yaml, string split)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var source = yaml.GetSplit(split);
        var of = $"of the dataset's '{source.Split}' split";
        foreach (var list in source.Resolved.Where(File.Exists))
        {
            Add(list, $"the image list {of}");
        }

        foreach (var image in YoloDataset.ImagePaths(source))
        {
            Add(image, $"an image {of}");
            Add(YoloDataset.LabelPathFor(image), $"a label file {of}");
        }

        return this;
    }

    /// <summary>Adds the files of every split the data.yaml declares and that exists.</summary>
    public InputFiles AddDataset(DataYaml yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        foreach (var split in yaml.Splits.Keys)
        {
            AddSplit(yaml, split);
        }

        return this;
    }

    /// <summary>Refuses <paramref name="path"/> (null: no output) when it is one of the files added.</summary>
    /// <param name="option">The output as messages name it: "--json".</param>
    /// <param name="written">What would be written: "the metrics".</param>
    /// <param name="advice">What to do instead.</param>
    /// <exception cref="FractureException">The output is an input.</exception>
    public void RefuseOutput(string option, string? path, string written, string advice = "write them to another file")
    {
        if (path is null)
        {
            return;
        }

        if (_files is null)
        {
            _files = [];
            foreach (var (file, description) in _added)
            {
                _files.TryAdd(FileKey.Of(file), (file, description));
            }
        }

        if (_files.TryGetValue(FileKey.Of(Path.GetFullPath(path)), out var input))
        {
            throw new FractureException($"{option} names {input.Description} ({input.Path}): {written} would replace it; {advice}");
        }
    }

    /// <summary>A file's device and inode; for a missing one, its folder's and its name; for a missing folder, the path.</summary>
    private readonly record struct FileKey(ulong Device, ulong Inode, string? Name)
    {
        public static FileKey Of(string fullPath)
        {
            if (FileKind.Identity(fullPath) is { } file)
            {
                return new FileKey(file.Device, file.Inode, null);
            }

            return Path.GetDirectoryName(fullPath) is { } folder && FileKind.Identity(folder) is { } parent
                ? new FileKey(parent.Device, parent.Inode, Path.GetFileName(fullPath))
                : new FileKey(0, 0, fullPath);
        }
    }
}
