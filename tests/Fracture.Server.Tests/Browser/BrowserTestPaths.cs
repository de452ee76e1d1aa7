namespace Fracture.Server.Tests.Browser;

/// <summary>The repository's shipped models, fixture images and where the browser tests put their screenshots.</summary>
public static class BrowserTestPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string ModelsDirectory => Path.Combine(Root.Value, "models");

    /// <summary>A fixture X-ray on which the shipped detector finds 12 boxes at or above its 0.0699 threshold (34 at 0.01).</summary>
    public static string XrayWithFindings => Fixture("train", "image1_10_png.rf.5d88c6ee8fb853152b37b10a2b28732c.jpg");

    /// <summary>A second fixture X-ray with 3 boxes above the detector's threshold.</summary>
    public static string SecondXray => Fixture("valid", "image1_788_png.rf.4099b0223a789948e4b727c46a6092a1.jpg");

    /// <summary>Screenshots of the browser tests: artifacts/screenshots under the test output folder.</summary>
    public static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots");

    private static string Fixture(string split, string file) =>
        Path.Combine(Root.Value, "fixtures", "bone-fracture-mini", split, "images", file);

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
