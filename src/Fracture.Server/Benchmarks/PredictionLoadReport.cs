namespace Fracture.Server.Benchmarks;

/// <summary>An in-process load benchmark's result: what ran, on what, and one <see cref="LoadLevel"/> per mode and load.</summary>
/// <param name="Models">Ids of the models the task ran.</param>
/// <param name="Task">The request's task, as the API names it (detect, classify, segment, all).</param>
/// <param name="Findings">Findings of one untimed call before the levels, per mode (the same image gives the same answer each time).</param>
/// <param name="Cores">Logical processors the process may use.</param>
/// <param name="ServerGc">Whether the runtime used the server garbage collector (ASP.NET Core's default; set DOTNET_gcServer to match).</param>
/// <param name="IntraOpThreads">Threads inside each model operator (0: ONNX Runtime chose).</param>
/// <param name="FlipFusion">Detectors and segmenters ran with test-time mirror fusion (two model runs per call).</param>
/// <param name="Confidence">Lowest finding confidence kept (a request's conf).</param>
/// <param name="Iou">Overlap above which a box model's same-class boxes were suppressed.</param>
/// <param name="LoadAverage">1, 5 and 15 minute load averages at the start (/proc/loadavg; empty elsewhere): other work distorts the figures.</param>
public sealed record PredictionLoadReport(
    string ModelsDirectory,
    IReadOnlyList<string> Models,
    string Image,
    long ImageBytes,
    string Task,
    double WarmupSeconds,
    double DurationSeconds,
    IReadOnlyDictionary<string, int> Findings,
    int Cores,
    bool ServerGc,
    int IntraOpThreads,
    bool FlipFusion,
    double Confidence,
    double Iou,
    string LoadAverage,
    string Runtime,
    string OnnxRuntimeVersion,
    IReadOnlyList<LoadLevel> Levels);
