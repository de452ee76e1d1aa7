namespace Fracture.Training.Tests.Support;

/// <summary>The repository's fixtures and the ONNX files the build copies next to the tests.</summary>
internal static class TestPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string RepoRoot => Root.Value;

    public static string FixtureImages => Path.Combine(RepoRoot, "fixtures", "bone-fracture-mini", "train", "images");

    /// <summary>The first fixture X-ray, by name, so every run uses the same image.</summary>
    public static string FirstFixtureImage =>
        Directory.EnumerateFiles(FixtureImages, "*.jpg").Order(StringComparer.Ordinal).First();

    public static string ResNet18Onnx => Path.Combine(AppContext.BaseDirectory, "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");

    public static string PreprocessOnnx => Path.Combine(AppContext.BaseDirectory, "DnnImageModels", "ResNetPrepOnnx", "ResNetPreprocess.onnx");

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
