namespace Fracture.Cli.Tests.Support;

/// <summary>The repository (the folder holding Fracture.slnx), its fixture dataset and class profile.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string RepoRoot => Root.Value;

    public static string FixtureRoot => Path.Combine(RepoRoot, "fixtures", "bone-fracture-mini");

    public static string FixtureYaml => Path.Combine(FixtureRoot, "data.yaml");

    public static string Profile => Path.Combine(RepoRoot, "profiles", "bone-fracture-v4.json");

    /// <summary>Every image file of the fixture, as absolute paths.</summary>
    public static IReadOnlyList<string> FixtureImages() =>
        [.. Directory.EnumerateFiles(FixtureRoot, "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fracture.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Fracture.slnx above {AppContext.BaseDirectory}");
    }
}
