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

    /// <summary>16-bit MONOCHROME2 DICOM made from the fixture X-ray <see cref="DicomSource"/> (fixtures/dicom/README.md); it decodes to that JPEG's grey values.</summary>
    public static string DicomFixture => Path.Combine(Root.Value, "fixtures", "dicom", "elbow-fracture-16bit.dcm");

    /// <summary>The JPEG the DICOM fixture was made from.</summary>
    public static string DicomSource => Path.Combine(Root.Value, "fixtures", "bone-fracture-mini", "test", "images", "image1_1741_png.rf.abfab4411413ca60310f9787db4d8d83.jpg");

    /// <summary>The fixture's JPEG X-rays, sorted by path.</summary>
    public static IReadOnlyList<string> FixtureImages { get; } =
        [.. Directory.EnumerateFiles(Path.Combine(Root.Value, "fixtures", "bone-fracture-mini"), "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
}
