namespace Fracture.Cli.Tests.Support;

/// <summary>Copies of fixture files for tests that change them, or that must show a command leaves them alone.</summary>
internal static class FixtureCopy
{
    /// <summary>Copies the fixture dataset to <paramref name="folder"/> and returns the copy's data.yaml.</summary>
    public static string Dataset(string folder)
    {
        CopyFolder(RepoPaths.FixtureRoot, folder);
        return Path.Combine(folder, "data.yaml");
    }

    public static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
