using Fracture.Server.Tests.Support;

namespace Fracture.Server.Tests.Browser;

/// <summary>The fixture X-rays the browser tests upload and where they put their screenshots.</summary>
internal static class BrowserTestPaths
{
    /// <summary>
    /// A fixture X-ray (labelled shoulder fracture) on which the shipped segmenter, the page's box model, finds 4
    /// shoulder fractures at or above its 0.123 threshold (24 findings at 0.01).
    /// </summary>
    public static string XrayWithFindings => Fixture("image1_5917_png.rf.a9096a71879746d0b222a5ba43328eb7.jpg");

    /// <summary>A second fixture X-ray, with 3 findings at or above the segmenter's 0.123 threshold.</summary>
    public static string SecondXray => Fixture("image1_788_png.rf.4099b0223a789948e4b727c46a6092a1.jpg");

    /// <summary>Screenshots of the browser tests: artifacts/screenshots under the test output folder.</summary>
    public static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots");

    private static string Fixture(string file) =>
        TestPaths.FixtureImages.Single(p => Path.GetFileName(p) == file);
}
