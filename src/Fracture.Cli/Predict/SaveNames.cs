using Fracture.Core.Imaging;

namespace Fracture.Cli.Predict;

/// <summary>
/// Where `--save` writes each input's annotated PNG: the input's stem + ".png" in the save folder. When that path is
/// an input of the run (saving next to PNG inputs), another input's output (a.jpg and a.png), or a file already there
/// that an earlier `--save` did not write (a user's a.png beside a.jpg), or a folder, the extension is kept ("a.jpg.png"), then a
/// counter is added ("a-2.png"): no input or other file is ever overwritten, no output twice. An earlier run's
/// output (marked by <see cref="OutputMark"/>) is replaced. Names compare case-blind, so a case-insensitive mount
/// (vfat, exFAT, SMB) cannot map an output onto an input either.
/// </summary>
internal static class SaveNames
{
    /// <summary>The tEXt chunk every annotated PNG of `--save` carries.</summary>
    public const string MarkKeyword = "Software";

    public const string MarkText = "Fracture predict --save";

    /// <summary>Whether <paramref name="path"/> is an annotated PNG an earlier `--save` wrote.</summary>
    public static bool OutputMark(string path) => PngTextChunk.Has(path, MarkKeyword, MarkText);

    /// <summary>The PNG bytes with the mark added.</summary>
    public static byte[] Marked(byte[] png) => PngTextChunk.Add(png, MarkKeyword, MarkText);

    public static IReadOnlyList<string> Plan(IReadOnlyList<string> inputs, string folder)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var root = Path.GetFullPath(folder);
        var taken = new HashSet<string>(inputs.Select(Path.GetFullPath), StringComparer.OrdinalIgnoreCase);
        var result = new string[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            var stem = Path.GetFileNameWithoutExtension(inputs[i]);
            var extension = Path.GetExtension(inputs[i]);
            var candidates = new[] { stem + ".png", stem + extension + ".png" }
                .Concat(Enumerable.Range(2, int.MaxValue - 2).Select(n => $"{stem}-{n}.png"));
            result[i] = candidates
                .Select(name => Path.Combine(root, name))
                .First(path => !taken.Contains(path) && !Directory.Exists(path) && (!File.Exists(path) || OutputMark(path)) && taken.Add(path));
        }

        return result;
    }
}
