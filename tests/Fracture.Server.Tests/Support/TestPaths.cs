namespace Fracture.Server.Tests.Support;

/// <summary>The repository's shipped models and fixture X-rays, found from the test's output folder.</summary>
internal static class TestPaths
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fracture.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Fracture.slnx above {AppContext.BaseDirectory}");
    });

    public static string Models => Path.Combine(Root.Value, "models");

    /// <summary>The fixture's JPEG X-rays, sorted by path.</summary>
    public static IReadOnlyList<string> FixtureImages { get; } =
        [.. Directory.EnumerateFiles(Path.Combine(Root.Value, "fixtures", "bone-fracture-mini"), "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
}
