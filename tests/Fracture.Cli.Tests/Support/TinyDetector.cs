namespace Fracture.Cli.Tests.Support;

/// <summary>A tiny trained detector exported as <c>detector.onnx</c>.</summary>
public sealed class TinyDetector() : TinyExportedRun("detect", ("detector.onnx", []))
{
    public string Onnx => Model("detector.onnx");
}
