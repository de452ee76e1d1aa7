using System.Globalization;
using System.Text.Json;

namespace Fracture.Core.Models;

/// <summary>
/// What an ONNX model file says about itself in its metadata_props, so a predictor needs nothing but the file. Keys
/// Ultralytics also writes (<c>task</c>, <c>names</c>, <c>imgsz</c>, <c>stride</c>, <c>author</c>, <c>description</c>,
/// <c>date</c>, <c>version</c>) are written its way, so Ultralytics exports read through the same code; ours carry a
/// <c>fracture.</c> prefix. Every model takes one input: float RGB planes in 0..1, NCHW, at <see cref="InputHeight"/> x
/// <see cref="InputWidth"/> (Fracture's exporter puts any other normalisation inside the graph).
/// </summary>
public sealed partial record ModelMetadata
{
    public const string TaskKey = "task";
    public const string NamesKey = "names";
    public const string ImageSizeKey = "imgsz";
    public const string StrideKey = "stride";
    public const string AuthorKey = "author";
    public const string DescriptionKey = "description";
    public const string DateKey = "date";
    public const string VersionKey = "version";
    public const string FormatKey = "fracture.format";
    public const string PreprocessKey = "fracture.preprocess";
    public const string NegativeClassKey = "fracture.negative_class";
    public const string ThresholdKey = "fracture.threshold";
    public const string FlipAverageKey = "fracture.flip_average";
    public const string WeightsKey = "fracture.weights";
    public const string TrainingKey = "fracture.training";
    public const string CommitKey = "fracture.commit";

    /// <summary>Ultralytics (8.3+): <c>True</c> when the graph ends in its own one-to-one head or NMS (YOLO26, YOLOv10).</summary>
    public const string EndToEndKey = "end2end";

    /// <summary>Ultralytics: the export's arguments as a Python dict (<c>{'batch': 1, ..., 'nms': False}</c>).</summary>
    public const string ArgsKey = "args";

    /// <summary>Version of the <c>fracture.*</c> keys this code writes.</summary>
    public const int CurrentFormat = 1;

    public required ModelTask Task { get; init; }

    /// <summary>Class names in output order.</summary>
    public required IReadOnlyList<string> Names { get; init; }

    public required int InputHeight { get; init; }

    public required int InputWidth { get; init; }

    /// <summary>Largest feature stride: a dynamic input size must be a multiple of it.</summary>
    public int Stride { get; init; } = 32;

    public ResizeMode Resize { get; init; } = ResizeMode.Letterbox;

    public byte PadValue { get; init; } = Imaging.Letterbox.DefaultPadValue;

    /// <summary>For a classifier, the class that means "no fracture" (its complement is the fracture probability).</summary>
    public int? NegativeClass { get; init; }

    /// <summary>Operating threshold chosen on validation: fracture probability for a classifier, box confidence for a detector.</summary>
    public double? Threshold { get; init; }

    /// <summary>The graph itself averages each image with its left-right mirror (test-time augmentation).</summary>
    public bool FlipAverage { get; init; }

    /// <summary>How the weights are stored: <c>fp32</c>, <c>fp16</c> or <c>int8</c> (weight-only, dequantised at load).</summary>
    public string? Weights { get; init; }

    /// <summary>JSON describing the training run (data, options, validation metrics), as written by the exporter.</summary>
    public string? Training { get; init; }

    public string? Commit { get; init; }

    public string? Author { get; init; }

    public string? Description { get; init; }

    public string? Date { get; init; }

    public string? Version { get; init; }

    /// <summary>True for files written by Fracture's exporter; false for Ultralytics exports.</summary>
    public bool IsFracture { get; init; }

    /// <summary>
    /// Whether the boxes come out final, suppression done inside the graph: Ultralytics' end-to-end exports (YOLO26,
    /// YOLOv10: <c>end2end: True</c>) and <c>nms=True</c> exports (<c>args</c> with <c>'nms': True</c>), output
    /// [N, max_det, 6 (+ masks)]. False when the file says neither is so, null when a file does not say (Fracture's
    /// exports, older Ultralytics files); an opened predictor's metadata has it settled by the output's shape.
    /// </summary>
    public bool? EndToEnd { get; init; }

    public IReadOnlyDictionary<string, string> ToProperties()
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [TaskKey] = TaskName(Task),
            [NamesKey] = UltralyticsNames.Format(Names),
            [ImageSizeKey] = string.Create(CultureInfo.InvariantCulture, $"[{InputHeight}, {InputWidth}]"),
            [StrideKey] = Stride.ToString(CultureInfo.InvariantCulture),
            [FormatKey] = CurrentFormat.ToString(CultureInfo.InvariantCulture),
            [PreprocessKey] = JsonSerializer.Serialize(new Preprocess(Resize == ResizeMode.Letterbox ? "letterbox" : "center-crop", PadValue, "rgb", 1.0 / 255)),
            [FlipAverageKey] = FlipAverage ? "true" : "false",
        };
        Add(properties, NegativeClassKey, NegativeClass?.ToString(CultureInfo.InvariantCulture));
        Add(properties, ThresholdKey, Threshold?.ToString("R", CultureInfo.InvariantCulture));
        Add(properties, WeightsKey, Weights);
        Add(properties, TrainingKey, Training);
        Add(properties, CommitKey, Commit);
        Add(properties, AuthorKey, Author);
        Add(properties, DescriptionKey, Description);
        Add(properties, DateKey, Date);
        Add(properties, VersionKey, Version);
        return properties;
    }

    /// <summary>Reads a file's metadata_props; <paramref name="path"/> only names the file in errors.</summary>
    /// <exception cref="ModelFormatException">A key is missing or unreadable.</exception>
    public static ModelMetadata Parse(string path, IReadOnlyDictionary<string, string> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        string Required(string key) => properties.TryGetValue(key, out var value)
            ? value
            : throw new ModelFormatException(path, $"its metadata has no '{key}' (export it with `fracture export`, or with Ultralytics)");

        var task = Required(TaskKey) switch
        {
            "classify" => ModelTask.Classify,
            "detect" => ModelTask.Detect,
            "segment" => ModelTask.Segment,
            var other => throw new ModelFormatException(path, $"task '{other}' is not supported (classify, detect or segment)"),
        };
        var names = UltralyticsNames.TryParse(Required(NamesKey))
            ?? throw new ModelFormatException(path, $"metadata 'names' is not a map of class ids 0..n-1 to names: {Required(NamesKey)}");
        var (height, width) = ParseImageSize(path, Required(ImageSizeKey));
        var isFracture = properties.ContainsKey(FormatKey);
        var preprocess = isFracture ? ParsePreprocess(path, Required(PreprocessKey)) : null;
        return new ModelMetadata
        {
            Task = task,
            Names = names,
            InputHeight = height,
            InputWidth = width,
            Stride = properties.TryGetValue(StrideKey, out var stride) ? ParseInt(path, StrideKey, stride) : 32,
            Resize = preprocess?.Resize == "center-crop" || (preprocess is null && task == ModelTask.Classify) ? ResizeMode.CenterCrop : ResizeMode.Letterbox,
            PadValue = preprocess?.Pad ?? Imaging.Letterbox.DefaultPadValue,
            NegativeClass = properties.TryGetValue(NegativeClassKey, out var negative) ? ParseInt(path, NegativeClassKey, negative) : null,
            Threshold = properties.TryGetValue(ThresholdKey, out var threshold) ? ParseDouble(path, ThresholdKey, threshold) : null,
            FlipAverage = properties.TryGetValue(FlipAverageKey, out var flip) && flip == "true",
            Weights = properties.GetValueOrDefault(WeightsKey),
            Training = properties.GetValueOrDefault(TrainingKey),
            Commit = properties.GetValueOrDefault(CommitKey),
            Author = properties.GetValueOrDefault(AuthorKey),
            Description = properties.GetValueOrDefault(DescriptionKey),
            Date = properties.GetValueOrDefault(DateKey),
            Version = properties.GetValueOrDefault(VersionKey),
            IsFracture = isFracture,
            // Fracture writes no such key (its exports are raw head output, which their shape then settles), so its
            // metadata reads back exactly as written.
            EndToEnd = isFracture ? null : ParseEndToEnd(properties),
        };
    }

    public static string TaskName(ModelTask task) => task switch
    {
        ModelTask.Classify => "classify",
        ModelTask.Detect => "detect",
        ModelTask.Segment => "segment",
        _ => throw new ArgumentOutOfRangeException(nameof(task)),
    };

    private static void Add(Dictionary<string, string> properties, string key, string? value)
    {
        if (value is not null)
        {
            properties[key] = value;
        }
    }

    private static (int Height, int Width) ParseImageSize(string path, string text)
    {
        // Ultralytics writes "[640, 640]" (height, width); a bare "640" means square.
        var parts = text.Trim().TrimStart('[', '(').TrimEnd(']', ')').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var sizes = parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : -1).ToArray();
        return sizes switch
        {
            [> 0 and var side] => (side, side),
            [> 0 and var h, > 0 and var w] => (h, w),
            _ => throw new ModelFormatException(path, $"metadata 'imgsz' is not an input size: {text}"),
        };
    }

    /// <summary>Ultralytics' AutoBackend rule: end-to-end when <c>end2end</c> is True or <c>args</c> has <c>'nms': True</c>.</summary>
    private static bool? ParseEndToEnd(IReadOnlyDictionary<string, string> properties)
    {
        var endToEnd = properties.TryGetValue(EndToEndKey, out var flag) ? PythonBool(flag) : null;
        var nms = properties.TryGetValue(ArgsKey, out var args) && NmsArgument().Match(args) is { Success: true } match ? PythonBool(match.Groups[1].Value) : null;
        return endToEnd == true || nms == true ? true : endToEnd ?? nms;
    }

    private static bool? PythonBool(string text) => text.Trim() switch
    {
        "True" or "true" => true,
        "False" or "false" => false,
        _ => null,
    };

    [System.Text.RegularExpressions.GeneratedRegex(@"['""]nms['""]\s*:\s*(\w+)")]
    private static partial System.Text.RegularExpressions.Regex NmsArgument();

    private static int ParseInt(string path, string key, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ModelFormatException(path, $"metadata '{key}' is not a whole number: {text}");

    private static double ParseDouble(string path, string key, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ModelFormatException(path, $"metadata '{key}' is not a number: {text}");

    private static Preprocess ParsePreprocess(string path, string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Preprocess>(json) ?? throw new JsonException("null");
        }
        catch (JsonException ex)
        {
            throw new ModelFormatException(path, $"metadata '{PreprocessKey}' is not readable: {json}", ex);
        }
    }

    /// <summary>The input contract, spelled out for readers of the file: resize, pad, channel order, scale of a byte.</summary>
    private sealed record Preprocess(
        [property: System.Text.Json.Serialization.JsonPropertyName("resize")] string Resize,
        [property: System.Text.Json.Serialization.JsonPropertyName("pad")] byte Pad,
        [property: System.Text.Json.Serialization.JsonPropertyName("channels")] string Channels,
        [property: System.Text.Json.Serialization.JsonPropertyName("scale")] double Scale);
}
