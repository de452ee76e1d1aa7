namespace Fracture.Cli.Tests.Support;

/// <summary>
/// A classifier trained for one epoch on the fixture at 64 px, with two exports of its best checkpoint: fp32 at the
/// run's size, and one written for 96 px (the same weights, another model input). Shared by a test class.
/// </summary>
public sealed class TinyExportedClassifier : IDisposable
{
    private readonly TempFolder _temp = new();

    public TinyExportedClassifier()
    {
        var runs = Path.Combine(_temp.Path, "runs");
        Run(
            "train", "classify", "--data", RepoPaths.FixtureYaml, "--profile", RepoPaths.Profile, "--imgsz", "64", "--batch", "4",
            "--epochs", "1", "--project", runs, "--name", "tiny");
        Weights = Path.Combine(runs, "classify", "tiny", "best");
        Model = Path.Combine(_temp.Path, "tiny.onnx");
        Run("export", "--weights", Weights, "--out", Model, "--precision", "fp32");
        OtherSizeModel = Path.Combine(_temp.Path, "tiny-96.onnx");
        Run("export", "--weights", Weights, "--out", OtherSizeModel, "--precision", "fp32", "--imgsz", "96");
    }

    /// <summary>RUN/best of the run.</summary>
    public string Weights { get; }

    public string Model { get; }

    public string OtherSizeModel { get; }

    public string File(string name) => _temp.File(name);

    public void Dispose() => _temp.Dispose();

    private static void Run(params string[] args)
    {
        var result = CliRunner.Run(args);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"fracture {string.Join(' ', args)} failed: {result}");
        }
    }
}
