using System.Globalization;
using Fracture.Core.Models;
using Microsoft.ML.OnnxRuntime;
using ModelMetadata = Fracture.Core.Models.ModelMetadata;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Fracture.Inference;

/// <summary>
/// The input and outputs of a model file, checked against what its task needs: one float input [N, 3, H, W] and
/// detect [N, 4 + C, A]; segment [N, 4 + C + M, A] plus prototypes [N, M, h, w]; classify [N, C]; or, for box models
/// whose suppression is inside the graph (<see cref="BoxLayout"/>), detect [N, max_det, 6] and segment
/// [N, max_det, 6 + M] plus prototypes. Dimensions the file leaves open (dynamic export) are checked again on each
/// run's actual outputs.
/// </summary>
/// <param name="FixedBatch">The batch dimension when the file fixes it; null when dynamic.</param>
/// <param name="OutputNames">Outputs in the order the task reads them: scores or boxes first, prototypes second.</param>
/// <param name="EndToEnd">Box rows [max_det, 6 (+ M)] with suppression done, not anchor columns [4 + C (+ M), A].</param>
internal sealed record ModelSignature(string InputName, int? FixedBatch, int Height, int Width, string[] OutputNames, bool EndToEnd)
{
    /// <exception cref="ModelFormatException">The file's input or outputs do not fit its task.</exception>
    public static ModelSignature Read(string path, InferenceSession session, ModelMetadata metadata)
    {
        var inputs = session.InputMetadata;
        if (inputs.Count != 1)
        {
            throw new ModelFormatException(path, $"it has {inputs.Count} inputs ({string.Join(", ", inputs.Keys)}); a model takes one image tensor [N, 3, H, W]");
        }

        var (inputName, input) = inputs.First();
        var dims = input.Dimensions;
        if (!IsFloatTensor(input) || dims.Length != 4 || dims[1] != 3)
        {
            throw new ModelFormatException(path, $"input '{inputName}' is {Describe(input)}; expected float32 [N, 3, H, W]");
        }

        if ((dims[2] > 0 && dims[2] != metadata.InputHeight) || (dims[3] > 0 && dims[3] != metadata.InputWidth))
        {
            throw new ModelFormatException(path, $"input '{inputName}' is {Describe(input)} but metadata 'imgsz' says {metadata.InputHeight}x{metadata.InputWidth} (height x width)");
        }

        if (metadata.Task != ModelTask.Classify && metadata.Resize != ResizeMode.Letterbox)
        {
            throw new ModelFormatException(path, $"a {ModelMetadata.TaskName(metadata.Task)} model needs letterboxed input, but its metadata asks for a centre crop");
        }

        // A NaN or out-of-range threshold would silently keep no boxes or never call a fracture.
        if (metadata.Threshold is { } threshold && !(threshold is >= 0 and <= 1))
        {
            throw new ModelFormatException(path, $"metadata '{ModelMetadata.ThresholdKey}' is {threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}, not a number between 0 and 1");
        }

        if (metadata.NegativeClass is { } negative && (negative < 0 || negative >= metadata.Names.Count))
        {
            throw new ModelFormatException(path, $"metadata '{ModelMetadata.NegativeClassKey}' is {negative}, not one of the {metadata.Names.Count} classes");
        }

        var outputs = session.OutputMetadata;
        foreach (var (name, output) in outputs)
        {
            if (!IsFloatTensor(output))
            {
                throw new ModelFormatException(path, $"output '{name}' is {Describe(output)}; expected float32");
            }
        }

        var (names, endToEnd) = metadata.Task switch
        {
            ModelTask.Classify => ([CheckClassify(path, outputs, metadata.Names.Count)], false),
            ModelTask.Detect => CheckDetect(path, outputs, metadata),
            _ => CheckSegment(path, outputs, metadata),
        };
        return new ModelSignature(inputName, dims[0] > 0 ? dims[0] : null, metadata.InputHeight, metadata.InputWidth, names, endToEnd);
    }

    /// <summary>A shape as "[1, 3, 640, 640]", open dimensions by their symbolic name or "?".</summary>
    internal static string Describe(IReadOnlyList<long> dims, IReadOnlyList<string>? symbols = null) =>
        "[" + string.Join(", ", dims.Select((d, i) => d > 0 ? d.ToString(CultureInfo.InvariantCulture) : symbols is not null && i < symbols.Count && symbols[i].Length > 0 ? symbols[i] : "?")) + "]";

    private static string Describe(NodeMetadata node) => node.IsTensor
        ? $"{node.ElementDataType.ToString().ToLowerInvariant()} {Describe([.. node.Dimensions.Select(d => (long)d)], node.SymbolicDimensions)}"
        : node.OnnxValueType.ToString();

    private static bool IsFloatTensor(NodeMetadata node) => node.IsTensor && node.ElementDataType == TensorElementType.Float;

    /// <summary>The output a classifier or detector answers in: "output0" (Ultralytics' and Fracture's name), else the first.</summary>
    private static KeyValuePair<string, NodeMetadata> Main(IReadOnlyDictionary<string, NodeMetadata> outputs) =>
        outputs.TryGetValue("output0", out var output) ? new("output0", output) : outputs.First();

    private static string CheckClassify(string path, IReadOnlyDictionary<string, NodeMetadata> outputs, int classes)
    {
        var (name, output) = Main(outputs);
        if (output.Dimensions.Length != 2 || (output.Dimensions[1] > 0 && output.Dimensions[1] != classes))
        {
            throw new ModelFormatException(path, $"output '{name}' is {Describe(output)}; a classify model with {classes} class names outputs [N, {classes}]");
        }

        return name;
    }

    private static (string[] Names, bool EndToEnd) CheckDetect(string path, IReadOnlyDictionary<string, NodeMetadata> outputs, ModelMetadata metadata)
    {
        var classes = metadata.Names.Count;
        var (name, output) = Main(outputs);
        var layout = output.Dimensions.Length == 3 ? BoxLayout.Recognise(metadata.EndToEnd, output.Dimensions, classes, null) : null;
        if (layout is null)
        {
            throw new ModelFormatException(path, $"output '{name}' is {Describe(output)}; a detect model with {classes} class names outputs {BoxLayout.Expected(metadata.EndToEnd, classes, "0")}");
        }

        return ([name], layout.Value);
    }

    private static (string[] Names, bool EndToEnd) CheckSegment(string path, IReadOnlyDictionary<string, NodeMetadata> outputs, ModelMetadata metadata)
    {
        var classes = metadata.Names.Count;
        var boxes = outputs.Where(o => o.Value.Dimensions.Length == 3).ToList();
        var protos = outputs.Where(o => o.Value.Dimensions.Length == 4).ToList();
        if (boxes.Count != 1 || protos.Count != 1)
        {
            var shapes = string.Join(", ", outputs.Select(o => $"'{o.Key}' {Describe(o.Value)}"));
            throw new ModelFormatException(path, $"outputs are {shapes}; a segment model outputs {BoxLayout.Expected(metadata.EndToEnd, classes, "masks")} and prototypes [N, masks, h, w]");
        }

        var (boxName, box) = boxes[0];
        var (protoName, proto) = protos[0];
        var masks = proto.Dimensions[1];
        if (BoxLayout.Recognise(metadata.EndToEnd, box.Dimensions, classes, masks) is not { } layout)
        {
            throw new ModelFormatException(path, $"output '{boxName}' is {Describe(box)} and '{protoName}' is {Describe(proto)}; with {classes} class names a segment model outputs {BoxLayout.Expected(metadata.EndToEnd, classes, "masks")} and [N, masks, h, w]");
        }

        return ([boxName, protoName], layout);
    }
}
