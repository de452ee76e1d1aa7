using Fracture.Inference;
using Fracture.Server.Storage;

namespace Fracture.Server.Options;

/// <summary>
/// The server's settings, bound from the configuration section <c>Fracture:Server</c> (appsettings.json, environment
/// variables such as <c>Fracture__Server__ApiKey</c>, command-line <c>--Fracture:Server:MaxUploadBytes=...</c>) and
/// checked when the server starts (<see cref="ServerOptionsValidator"/>): a bad value stops it with a clear message.
/// </summary>
public sealed record ServerOptions
{
    public const string SectionName = "Fracture:Server";

    /// <summary>The largest <see cref="IntraOpThreads"/> accepted.</summary>
    public const int MaxIntraOpThreads = 256;

    /// <summary>The longest <see cref="MaxStoredPredictionAgeDays"/> accepted (a century).</summary>
    public const double MaxRetentionDays = 36500;

    /// <summary>The largest <see cref="MaxUploadBytes"/> accepted: an upload is held in one array, which stops short of 2 GiB.</summary>
    public const long MaxUploadLimit = 2_000_000_000;

    /// <summary>The longest <see cref="RequestTimeoutSeconds"/> accepted (a day; timers stop at about 49 days).</summary>
    public const double MaxRequestTimeoutSeconds = 86_400;

    /// <summary>Folder of *.onnx models (at most one per task). Null: the repository's <c>models/</c>, found upwards from the content root and the program's folder.</summary>
    public string? ModelsDirectory { get; init; }

    /// <summary>Folder for <c>fracture.db</c> and <c>images/</c>; created when missing. Relative paths are taken from the current directory.</summary>
    public string DataDirectory { get; init; } = "data";

    /// <summary>Largest accepted upload (the image file); larger ones get 413.</summary>
    public long MaxUploadBytes { get; init; } = 26_214_400;

    /// <summary>Largest accepted image in pixels, checked from the header before decoding; larger ones get 422.</summary>
    public long MaxPixels { get; init; } = 100_000_000;

    /// <summary>Predictions running at once; more wait in the queue. Match it to the cores (with one intra-op thread each).</summary>
    public int MaxConcurrentPredictions { get; init; } = 2;

    /// <summary>
    /// Threads inside each model operator (ONNX Runtime's intra-op pool, per model); 0 lets ONNX Runtime choose. One
    /// thread per prediction with <see cref="MaxConcurrentPredictions"/> matched to the cores gave 30 % more throughput
    /// under load than 2 threads each (docs/benchmarks.md), at about 25 ms more for a lone request on 2 cores.
    /// </summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Predictions waiting for a slot; one more gets 429.</summary>
    public int QueueLimit { get; init; } = 32;

    /// <summary>Longest a prediction request may take, queueing included; then 504.</summary>
    public double RequestTimeoutSeconds { get; init; } = 60;

    /// <summary>When set, every request under <c>/api</c> must carry it in the <c>X-Api-Key</c> header (else 401).</summary>
    public string? ApiKey { get; init; }

    /// <summary>Findings below this confidence are not returned unless the request's <c>conf</c> asks for lower.</summary>
    public double DefaultConfidence { get; init; } = 0.05;

    /// <summary>
    /// Detectors and segmenters suppress a box that overlaps a more confident one of its class by more than this IoU.
    /// 0.5 rather than Ultralytics' 0.7 (which `fracture predict` and the model cards' figures use): at 0.7 the page
    /// drew stacks of boxes on one fracture; at 0.5 the shipped segmenter's valid findings at its threshold fall from
    /// 290 to 224, on the same images, and its served box mAP50 rose on valid and test, its mask mAP50 on valid and
    /// held on test (docs/training.md, "Suppression at IoU 0.5"). The verdict does not depend on it (the best box always stays).
    /// </summary>
    public double Iou { get; init; } = 0.5;

    /// <summary>The range of <see cref="DefaultConfidence"/> and of a request's <c>conf</c>: 0 to 1.</summary>
    public static bool IsConfidence(double value) => value is >= 0 and <= 1;

    /// <summary>The range of <see cref="Iou"/>: above 0 (0 would suppress every overlapping box) and at most 1.</summary>
    public static bool IsIou(double value) => value is > 0 and <= 1;

    /// <summary>
    /// Detectors and segmenters also run each image's mirror image and fuse the two views' boxes
    /// (<see cref="PredictSettings.FlipFusion"/>): twice the model time; the shipped segmenter's valid mask mAP50 0.247
    /// becomes 0.273, test 0.244 becomes 0.239, and the detector's box mAP50 rises on valid and falls on test
    /// (docs/training.md, "Mirror fusion"). The models' thresholds were chosen without it. Off by default; a request's
    /// <c>flipFusion</c> field overrides it for that request.
    /// </summary>
    public bool FlipFusion { get; init; }

    /// <summary>
    /// Predictions kept in the history; storing one more deletes the oldest (and their images, unless a kept
    /// prediction uses them). 0 keeps every prediction.
    /// </summary>
    public int MaxStoredPredictions { get; init; }

    /// <summary>
    /// Days a prediction (and its image, once no kept prediction uses it) is kept; older ones are deleted within an
    /// hour and whenever a prediction is stored. 0 keeps them however old.
    /// </summary>
    public double MaxStoredPredictionAgeDays { get; init; }

    /// <summary>
    /// Store a DICOM upload as sent. Off by default: a DICOM file carries the patient's name, ID and birth date (and
    /// whatever else its sender put in), which nothing the server does needs once the image is decoded, so only the
    /// decoded, windowed image is stored, as PNG. The API never served the file back either way.
    /// </summary>
    public bool KeepDicomFiles { get; init; }

    /// <summary>The history's limits under these settings.</summary>
    internal RetentionPolicy ToRetentionPolicy() => new(MaxStoredPredictions, TimeSpan.FromDays(MaxStoredPredictionAgeDays));

    /// <summary>How each model's ONNX Runtime session is set up under these settings.</summary>
    internal PredictorOptions ToPredictorOptions() => new(IntraOpThreads: IntraOpThreads);
}
