using Microsoft.ML.OnnxRuntime;

namespace Fracture.Inference;

/// <summary>How <see cref="Predictor.Open"/> sets up an ONNX Runtime session, and reads its load errors.</summary>
internal static class SessionSetup
{
    public static SessionOptions CreateOptions(PredictorOptions options)
    {
        var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = options.InterOpThreads,
            ExecutionMode = options.InterOpThreads > 1 ? ExecutionMode.ORT_PARALLEL : ExecutionMode.ORT_SEQUENTIAL,
        };

        // Weight-only int8 files (fracture export --precision int8) hold DequantizeLinear on constant weights; by
        // default ONNX Runtime keeps those nodes and dequantises on every run. This makes it fold them once at load.
        sessionOptions.AddSessionConfigEntry("session.disable_quant_qdq", "1");
        if (options.Optimization is { } level)
        {
            sessionOptions.GraphOptimizationLevel = level;
        }

        return sessionOptions;
    }

    /// <summary>
    /// ONNX Runtime's reason without its error code and the path we already give:
    /// "[ErrorCode:InvalidProtobuf] Load model from /x.onnx failed:Protobuf parsing failed." gives "Protobuf parsing failed.".
    /// </summary>
    public static string Reason(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        var after = line.IndexOf("failed:", StringComparison.Ordinal);
        var reason = after < 0 ? line : line[(after + "failed:".Length)..].Trim();
        return reason.Length > 0 ? reason : line;
    }
}
