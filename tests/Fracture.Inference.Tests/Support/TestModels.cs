using System.Globalization;
using Fracture.Core.Models;
using Onnx;

namespace Fracture.Inference.Tests.Support;

/// <summary>
/// Tiny models in exactly the layouts and metadata of Ultralytics exports (and Fracture's, which share them):
/// detect output0 [N, 4 + C, A]; segment output0 [N, 4 + C + M, A] and output1 [N, M, h, w]; classify [N, C].
/// Outputs are constants given per anchor, plus a gain (0 unless given) times a per-image value, so outputs follow
/// images: detectors read the input's centre pixel (reproducible to the bit), classifiers the image's mean.
/// </summary>
internal static class TestModels
{
    /// <summary>The metadata_props an Ultralytics 8.3 export writes.</summary>
    public static Dictionary<string, string> Ultralytics(string task, IReadOnlyList<string> names, int height, int width) => new()
    {
        [ModelMetadata.DescriptionKey] = "Ultralytics YOLO11n model trained on data.yaml",
        [ModelMetadata.AuthorKey] = "Ultralytics",
        [ModelMetadata.VersionKey] = "8.3.40",
        [ModelMetadata.StrideKey] = "32",
        [ModelMetadata.TaskKey] = task,
        ["batch"] = "1",
        [ModelMetadata.ImageSizeKey] = string.Create(CultureInfo.InvariantCulture, $"[{height}, {width}]"),
        [ModelMetadata.NamesKey] = UltralyticsNames.Format(names),
    };

    /// <summary>
    /// The metadata_props an Ultralytics 8.4 export writes (keys and Python-repr values as in genuine files, e.g.
    /// yolov8n exported by 8.4.115): <paramref name="endToEnd"/> is the model's own end2end flag (YOLO26, YOLOv10),
    /// <paramref name="nms"/> the export's nms=True.
    /// </summary>
    public static Dictionary<string, string> Ultralytics84(string task, IReadOnlyList<string> names, int size, bool endToEnd, bool nms, string moreArgs = "")
    {
        var metadata = Ultralytics(task, names, size, size);
        metadata[ModelMetadata.DescriptionKey] = $"Ultralytics {(endToEnd ? "YOLO26n" : "YOLOv8n")}{(task == "segment" ? "-seg" : string.Empty)} model trained on coco.yaml";
        metadata[ModelMetadata.VersionKey] = "8.4.115";
        metadata["license"] = "AGPL-3.0 License (https://ultralytics.com/license)";
        metadata["docs"] = "https://docs.ultralytics.com";
        metadata["head"] = task == "segment" ? (endToEnd ? "Segment26" : "Segment") : "Detect";
        metadata[ModelMetadata.ArgsKey] = $"{{'batch': 1, 'half': False, 'dynamic': False, 'simplify': True, 'opset': None, 'nms': {(nms ? "True" : "False")}{moreArgs}}}";
        metadata["channels"] = "3";
        metadata[ModelMetadata.EndToEndKey] = endToEnd ? "True" : "False";
        return metadata;
    }

    public static Dictionary<string, string> Fracture(ModelMetadata metadata) => new(metadata.ToProperties());

    /// <summary>A detector whose output0 holds <paramref name="anchors"/> (each: cx, cy, w, h, class scores) as columns.</summary>
    /// <param name="gain">Per anchor, added times the centre pixel's red value (layout of <paramref name="anchors"/>); none when null.</param>
    public static ModelProto Detect(int size, float[][] anchors, IReadOnlyDictionary<string, string> metadata, long? batch = null, float[][]? gain = null)
    {
        var graph = new OnnxGraphBuilder(size, size, batch);
        var (rows, count) = (anchors[0].Length, anchors.Length);
        graph.Output("output0", Block(graph, anchors, gain), batch, rows, count);
        return graph.Build(metadata);
    }

    /// <summary>A segmenter: anchors are (cx, cy, w, h, class scores, mask coefficients); prototypes [M, h, w] row-major.</summary>
    public static ModelProto Segment(int size, float[][] anchors, float[] protos, int masks, int protoSize, IReadOnlyDictionary<string, string> metadata)
    {
        var graph = new OnnxGraphBuilder(size, size);
        graph.Output("output0", Block(graph, anchors, null), null, anchors[0].Length, anchors.Length);
        AddPrototypes(graph, protos, masks, protoSize);
        return graph.Build(metadata);
    }

    /// <summary>
    /// An end-to-end box model: output0 [N, rows, 6 (+ M)] holding <paramref name="rows"/> (x1, y1, x2, y2, score,
    /// class id, then mask coefficients) for every image; with <paramref name="protos"/> a segmenter, output1 as
    /// <see cref="Segment"/>'s.
    /// </summary>
    public static ModelProto EndToEnd(int size, float[][] rows, IReadOnlyDictionary<string, string> metadata, float[]? protos = null, int masks = 0, int protoSize = 0)
    {
        var graph = new OnnxGraphBuilder(size, size);
        var (count, width) = (rows.Length, rows[0].Length);
        var block = graph.FollowInput(graph.Constant([.. rows.SelectMany(r => r)], 1, count, width), graph.Constant(new float[count * width], 1, count, width), graph.CentrePixel(2));
        graph.Output("output0", block, null, count, width);
        if (protos is not null)
        {
            AddPrototypes(graph, protos, masks, protoSize);
        }

        return graph.Build(metadata);
    }

    /// <summary>A classifier: <paramref name="logits"/> (+ <paramref name="gain"/> times the input's mean), softmaxed when asked.</summary>
    public static ModelProto Classify(int size, float[] logits, bool softmax, IReadOnlyDictionary<string, string> metadata, float[]? gain = null)
    {
        var graph = new OnnxGraphBuilder(size, size);
        var classes = logits.Length;
        var scores = graph.FollowInput(graph.Constant(logits, 1, classes), graph.Constant(gain ?? new float[classes], 1, classes), graph.MeanPerImage(1));
        if (softmax)
        {
            scores = graph.Node("Softmax", [scores], OnnxGraphBuilder.Int("axis", 1));
        }

        graph.Output("output0", scores, null, classes);
        return graph.Build(metadata);
    }

    /// <summary>Saves <paramref name="model"/> in <paramref name="folder"/> and opens it.</summary>
    public static IPredictor Open(TempFolder folder, ModelProto model, string name = "model.onnx")
    {
        var path = folder.File(name);
        OnnxGraphBuilder.Save(model, path);
        return Predictor.Open(path);
    }

    /// <summary>output1: the prototypes [M, h, w] for every image.</summary>
    private static void AddPrototypes(OnnxGraphBuilder graph, float[] protos, int masks, int protoSize)
    {
        var prototypes = graph.FollowInput(graph.Constant(protos, 1, masks, protoSize, protoSize), graph.Constant([0f], 1), graph.CentrePixel(3));
        graph.Output("output1", prototypes, null, masks, protoSize, protoSize);
    }

    /// <summary>The [rows, anchors] block: anchors given as columns, transposed to rows.</summary>
    private static string Block(OnnxGraphBuilder graph, float[][] anchors, float[][]? gain)
    {
        var (rows, count) = (anchors[0].Length, anchors.Length);
        float[] Rows(float[][] columns) => [.. Enumerable.Range(0, rows).SelectMany(r => columns.Select(c => c[r]))];
        var gains = gain is null ? new float[rows * count] : Rows(gain);
        return graph.FollowInput(graph.Constant(Rows(anchors), 1, rows, count), graph.Constant(gains, 1, rows, count), graph.CentrePixel(2));
    }
}
