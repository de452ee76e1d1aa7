using Fracture.Server.Tests.Support;

namespace Fracture.Server.Tests.Browser;

/// <summary>The fixture X-rays the browser tests upload and where they put their screenshots.</summary>
internal static class BrowserTestPaths
{
    /// <summary>A fixture X-ray on which the shipped detector finds 12 boxes at or above its 0.0699 threshold (34 at 0.01).</summary>
    public static string XrayWithFindings => Fixture("image1_10_png.rf.5d88c6ee8fb853152b37b10a2b28732c.jpg");

    /// <summary>A second fixture X-ray, with 3 boxes at or above the detector's threshold.</summary>
    public static string SecondXray => Fixture("image1_788_png.rf.4099b0223a789948e4b727c46a6092a1.jpg");

    /// <summary>Screenshots of the browser tests: artifacts/screenshots under the test output folder.</summary>
    public static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots");

    private static string Fixture(string file) =>
        TestPaths.FixtureImages.Single(p => Path.GetFileName(p) == file);
}
