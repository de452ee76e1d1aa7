namespace Fracture.Server.Options;

/// <summary>The folders the server uses, as absolute paths, worked out once at start from <see cref="ServerOptions"/>.</summary>
/// <param name="ModelsDirectory">Where the *.onnx models are read from.</param>
/// <param name="DataDirectory">Where the database and the stored images live.</param>
public sealed record ServerPaths(string ModelsDirectory, string DataDirectory)
{
    /// <summary>
    /// Resolves the configured folders: explicit paths are taken from the current directory; without one the models
    /// folder is the first <c>models/</c> holding an *.onnx file above <paramref name="searchRoots"/> (the content
    /// root and the program's folder), which is the repository's when run from a clone.
    /// </summary>
    /// <exception cref="ServerStartupException">No models folder is configured and none is found.</exception>
    public static ServerPaths Resolve(ServerOptions options, IEnumerable<string> searchRoots)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(searchRoots);
        var roots = searchRoots.ToList();
        var models = options.ModelsDirectory is { } explicitPath
            ? Path.GetFullPath(explicitPath)
            : FindModels(roots) ?? throw new ServerStartupException(
                $"no models/ folder with an .onnx file above {string.Join(" or ", roots)}; set {ServerOptions.SectionName}:ModelsDirectory (fracture serve --models DIR)");
        return new ServerPaths(models, Path.GetFullPath(options.DataDirectory));
    }

    private static string? FindModels(IEnumerable<string> roots)
    {
        foreach (var root in roots)
        {
            for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "models");
                if (Directory.Exists(candidate) && Directory.EnumerateFiles(candidate, "*.onnx").Any())
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
