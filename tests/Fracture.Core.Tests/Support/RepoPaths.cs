namespace Fracture.Core.Tests.Support;

/// <summary>Locates the repository (the folder holding Fracture.slnx) and the shared data beside it.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string RepoRoot => Root.Value;

    /// <summary>The bone-fracture dataset: ../shared/data/bone-fracture relative to the repository root.</summary>
    public static string BoneFractureDataset =>
        Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data", "bone-fracture"));

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
