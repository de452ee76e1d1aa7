namespace Fracture.Core.Tests.Datasets;

/// <summary>Paths to the repo's fixture dataset and (when present) the full shared dataset.</summary>
internal static class TestData
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string FixtureRoot => Path.Combine(RepoRoot, "fixtures", "bone-fracture-mini");

    public static string FixtureYaml => Path.Combine(FixtureRoot, "data.yaml");

    public static string Profile => Path.Combine(RepoRoot, "profiles", "bone-fracture-v4.json");

    /// <summary>../shared/data/bone-fracture beside the repo; tests that need it are skipped when it is absent.</summary>
    public static string SharedYaml => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data", "bone-fracture", "data.yaml"));

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fracture.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Fracture.slnx not found above " + AppContext.BaseDirectory);
    }
}
