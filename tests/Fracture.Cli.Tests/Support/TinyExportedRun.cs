using System.Globalization;

namespace Fracture.Cli.Tests.Support;

/// <summary>
/// A 1-epoch run of one task on the fixture (imgsz 64, batch 4) and its fp32 ONNX exports, made once per test class
/// (a class fixture) with the real `fracture train` and `fracture export`, for comparing `val --weights` with `val --model`.
/// </summary>
public abstract class TinyExportedRun : IDisposable
{
    private readonly TempFolder _temp = new();

    /// <param name="exports">File name and extra `export` options of each ONNX file to write.</param>
    protected TinyExportedRun(string task, params (string Name, string[] Options)[] exports)
    {
        ArgumentNullException.ThrowIfNull(exports);
        var runs = Path.Combine(_temp.Path, "runs");
        var trained = CliRunner.Run(
            "train", task, "--data", RepoPaths.FixtureYaml, "--profile", RepoPaths.Profile, "--imgsz", "64", "--batch", "4",
            "--epochs", "1", "--project", runs, "--name", "tiny");
        Check(trained, "train");
        Run = Path.Combine(runs, task, "tiny");
        foreach (var (name, options) in exports)
        {
            var model = Path.Combine(_temp.Path, name);
            Check(CliRunner.Run(["export", "--weights", Path.Combine(Run, "best"), "--out", model, "--precision", "fp32", .. options]), "export");
        }
    }

    /// <summary>The run folder (its best checkpoint is what was exported).</summary>
    public string Run { get; }

    /// <summary>The checkpoint `val --weights RUN/best` resolves to.</summary>
    public string BestCheckpoint => Path.Combine(Run, "weights", "best.ckpt");

    /// <summary>The exported file of that name.</summary>
    public string Model(string name) => Path.Combine(_temp.Path, name);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _temp.Dispose();
        }
    }

    private static void Check(CliResult result, string what)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{what} failed: {result}"));
        }
    }
}
