namespace Fracture.Cli.Predict;

/// <summary>
/// Where `--save` writes each input's annotated PNG: the input's stem + ".png" in the save folder. When that path is
/// an input of the run (saving next to PNG inputs) or another input's output (a.jpg and a.png), the extension is
/// kept ("a.jpg.png"), then a counter is added ("a-2.png"), so no input is ever overwritten and no output twice.
/// </summary>
internal static class SaveNames
{
    public static IReadOnlyList<string> Plan(IReadOnlyList<string> inputs, string folder)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var root = Path.GetFullPath(folder);
        var taken = new HashSet<string>(inputs.Select(Path.GetFullPath), StringComparer.Ordinal);
        var result = new string[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            var stem = Path.GetFileNameWithoutExtension(inputs[i]);
            var extension = Path.GetExtension(inputs[i]);
            var candidates = new[] { stem + ".png", stem + extension + ".png" }
                .Concat(Enumerable.Range(2, int.MaxValue - 2).Select(n => $"{stem}-{n}.png"));
            result[i] = candidates.Select(name => Path.Combine(root, name)).First(taken.Add);
        }

        return result;
    }
}
