namespace Fracture.Inference;

/// <summary>PLACEHOLDER (replaced by branch infer): opens an ONNX model file.</summary>
public static class Predictor
{
    public static IPredictor Open(string path, PredictorOptions options) => throw new NotSupportedException("pending");
}
