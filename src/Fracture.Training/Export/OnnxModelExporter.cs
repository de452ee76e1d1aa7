using System.Reflection;
using Fracture.Core.Imaging;
using Fracture.Core.IO;
using Fracture.Core.Models;
using Google.Protobuf;
using Onnx;

namespace Fracture.Training.Export;

/// <summary>
/// Whole ONNX models (opset 17) from networks that export themselves: input <c>images</c> float32 [N, 3, H, W] RGB in
/// 0..1 (letterboxed, pad 114), the network's own normalisation inside the graph, output <c>output0</c> (and a
/// segmenter's <c>output1</c>). Batch,
/// height and width are dynamic (the detector needs sides that are multiples of 32).
/// </summary>
public static class OnnxModelExporter
{
    public const string InputName = "images";
    public const string OutputName = "output0";

    /// <summary>A segmenter's second output, its prototype masks (Ultralytics' name).</summary>
    public const string PrototypesName = "output1";
    public const int Opset = 17;

    /// <summary>ONNX IR version 8 goes with opset 17.</summary>
    private const long IrVersion = 8;

    private static readonly OnnxDim Batch = OnnxDim.Dynamic("batch");

    /// <summary>Softmax probabilities [N, C] of a classifier that outputs logits.</summary>
    /// <param name="flipAverage">Output the mean of the softmax of each image and of its left-right mirror.</param>
    public static ModelProto Classifier(
        IOnnxExportable<string, string> network, int classes, InputNormalization normalization, bool flipAverage, WeightPrecision precision, ModelMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(network);
        var graph = new OnnxGraphBuilder(precision);
        var x = Input(graph, normalization);
        if (flipAverage)
        {
            // One pass over [images; mirrors] (2N): the first N rows are the plain images (BatchNorm is folded, so
            // rows do not interact), then [2, N, C] averaged over the first axis.
            var mirror = graph.Node(
                "Slice",
                [x, graph.Shape("flip_start", -1), graph.Shape("flip_end", long.MinValue), graph.Shape("flip_axis", 3), graph.Shape("flip_step", -1)],
                "mirror");
            x = graph.Node("Concat", [x, mirror], "with_mirror", OnnxAttributes.Int("axis", 0));
        }

        var probabilities = graph.Node("Softmax", [network.ExportOnnx(graph, x)], "softmax", OnnxAttributes.Int("axis", 1));
        if (flipAverage)
        {
            var pairs = graph.Node("Reshape", [probabilities, graph.Shape("pairs_shape", 2, -1, classes)], "pairs");
            probabilities = graph.Node("ReduceMean", [pairs], "flip_average", OnnxAttributes.Ints("axes", 0), OnnxAttributes.Int("keepdims", 0));
        }

        graph.AddOutput(OutputName, probabilities, Batch, OnnxDim.Fixed(classes));
        return Model(graph, metadata);
    }

    /// <summary>[N, 4 + C, A]: boxes (cx, cy, w, h in input pixels) and sigmoid class scores per anchor.</summary>
    public static ModelProto Detector(IOnnxExportable<string, string> network, int classes, InputNormalization normalization, WeightPrecision precision, ModelMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(network);
        var graph = new OnnxGraphBuilder(precision);
        var decoded = network.ExportOnnx(graph, Input(graph, normalization));
        graph.AddOutput(OutputName, decoded, Batch, OnnxDim.Fixed(4 + classes), OnnxDim.Dynamic("anchors"));
        return Model(graph, metadata);
    }

    /// <summary>
    /// Ultralytics' segmentation layout: <c>output0</c> [N, 4 + C + M, A] (boxes, class scores, mask coefficients per
    /// anchor) and <c>output1</c> [N, M, H/4, W/4] (prototype masks).
    /// </summary>
    public static ModelProto Segmenter(
        IOnnxExportable<string, (string Detections, string Prototypes)> network, int classes, int masks, InputNormalization normalization, WeightPrecision precision, ModelMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(network);
        var graph = new OnnxGraphBuilder(precision);
        var (detections, prototypes) = network.ExportOnnx(graph, Input(graph, normalization));
        graph.AddOutput(OutputName, detections, Batch, OnnxDim.Fixed(4 + classes + masks), OnnxDim.Dynamic("anchors"));
        graph.AddOutput(PrototypesName, prototypes, Batch, OnnxDim.Fixed(masks), OnnxDim.Dynamic("proto_height"), OnnxDim.Dynamic("proto_width"));
        return Model(graph, metadata);
    }

    /// <summary>Writes the file atomically (temp file, then rename): readers never see half a model.</summary>
    public static long Write(ModelProto model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        AtomicFile.Write(path, stream => model.WriteTo(stream));
        return new FileInfo(path).Length;
    }

    /// <summary>The assembly version that goes into a model's metadata and producer_version.</summary>
    public static string Version =>
        typeof(OnnxModelExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(OnnxModelExporter).Assembly.GetName().Version?.ToString() ?? "0";

    private static string Input(OnnxGraphBuilder graph, InputNormalization normalization)
    {
        var images = graph.AddInput(InputName, Batch, OnnxDim.Fixed(InputNormalization.Channels), OnnxDim.Dynamic("height"), OnnxDim.Dynamic("width"));
        return InputNormalizationGraph.Emit(graph, normalization, images);
    }

    private static ModelProto Model(OnnxGraphBuilder graph, ModelMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "fracture",
            ProducerVersion = Version,
            DocString = metadata.Description ?? string.Empty,
            Graph = graph.Build($"fracture-{ModelMetadata.TaskName(metadata.Task)}"),
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });
        foreach (var (key, value) in metadata.ToProperties().OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model;
    }
}
