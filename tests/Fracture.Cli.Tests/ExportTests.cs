using Fracture.Cli.Tests.Support;
using Onnx;

namespace Fracture.Cli.Tests;

/// <summary>`fracture export` as a user runs it on a freshly trained tiny run.</summary>
public sealed class ExportTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Exports_a_trained_classifier_with_its_metadata()
    {
        var runs = Path.Combine(_temp.Path, "runs");
        var trained = CliRunner.Run(
            "train", "classify", "--data", RepoPaths.FixtureYaml, "--profile", RepoPaths.Profile, "--imgsz", "64", "--batch", "4",
            "--epochs", "1", "--project", runs, "--name", "tiny");
        Assert.True(trained.ExitCode == 0, trained.ToString());
        var model = Path.Combine(_temp.Path, "models", "tiny.onnx");

        var result = CliRunner.Run(
            "export", "--weights", Path.Combine(runs, "classify", "tiny", "best"), "--out", model,
            "--precision", "int8", "--flip-average", "--threshold", "0.4");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"wrote {model}: ", result.StdOut, StringComparison.Ordinal);
        Assert.Matches(@"\d+\.\d MB, int8 weights \(\d+\.\d M parameters, ema weights of best\.ckpt\)", result.StdOut);
        Assert.Contains("0: no fracture", result.StdOut, StringComparison.Ordinal);
        Assert.Equal([".tiny.onnx"], Directory.GetFiles(Path.GetDirectoryName(model)!).Select(f => "." + Path.GetFileName(f)));

        var proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(model));
        var metadata = proto.MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("classify", metadata["task"]);
        Assert.Equal("[64, 64]", metadata["imgsz"]);
        Assert.Equal("int8", metadata["fracture.weights"]);
        Assert.Equal("true", metadata["fracture.flip_average"]);
        Assert.Equal("0.4", metadata["fracture.threshold"]);
        Assert.Equal("0", metadata["fracture.negative_class"]);
        Assert.Contains("\"data\":", metadata["fracture.training"], StringComparison.Ordinal);
        Assert.Equal(("fracture", 17L), (proto.ProducerName, proto.OpsetImport.Single().Version));
        Assert.Equal("images", proto.Graph.Input.Single().Name);
        Assert.Equal("output0", proto.Graph.Output.Single().Name);
    }

    [Fact]
    public void Weights_that_are_not_a_checkpoint_are_a_one_line_error()
    {
        var result = CliRunner.Run("export", "--weights", Path.Combine(_temp.Path, "none.ckpt"), "--out", Path.Combine(_temp.Path, "m.onnx"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: checkpoint not found: {Path.Combine(_temp.Path, "none.ckpt")}", result.StdErr.Trim());
        Assert.False(File.Exists(Path.Combine(_temp.Path, "m.onnx")));
    }

    [Fact]
    public void An_unknown_precision_is_rejected()
    {
        var result = CliRunner.Run("export", "--weights", "w.ckpt", "--out", "m.onnx", "--precision", "fp8");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("fp8", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
    }
}
