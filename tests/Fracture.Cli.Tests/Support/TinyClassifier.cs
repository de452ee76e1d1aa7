namespace Fracture.Cli.Tests.Support;

/// <summary>A tiny trained classifier exported twice: plain (<c>classifier.onnx</c>) and mirror-averaging (<c>classifier-flip.onnx</c>).</summary>
public sealed class TinyClassifier() : TinyExportedRun("classify", ("classifier.onnx", []), ("classifier-flip.onnx", ["--flip-average"]))
{
    public string Plain => Model("classifier.onnx");

    public string Flip => Model("classifier-flip.onnx");
}
