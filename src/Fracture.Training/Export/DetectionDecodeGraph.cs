using Fracture.Training.Tasks.Detect;

namespace Fracture.Training.Export;

/// <summary>
/// <see cref="DetectionLoss.Decode"/> as ONNX nodes: the anchor grid of <see cref="DetectionAnchors"/> computed from
/// the input's own height and width (so the graph takes any size that is a multiple of the largest stride), the
/// distribution focal decode (softmax over the RegMax bins, then the expected bin as a MatMul with 0..RegMax-1, as
/// Ultralytics' DFL layer does with a 1x1 convolution), distances to centre/size boxes in input pixels, and sigmoid
/// class scores: [N, 4 + C, A].
/// </summary>
public static class DetectionDecodeGraph
{
    /// <param name="raw">The head's raw output [N, 4 x RegMax + C, A].</param>
    /// <param name="image">The network's input [N, 3, H, W] (only its shape is read).</param>
    public static string Emit(OnnxGraphBuilder graph, string raw, string image, DetectionLossOptions options)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(options);
        var (points, strides) = Anchors(graph, image, options.Strides);
        var bins = 4 * options.RegMax;
        var distributions = Slice(graph, raw, 0, bins, "bins");
        var logits = Slice(graph, raw, bins, bins + options.Classes, "logits");

        // [N, 4 R, A] -> [N, 4, R, A]: channel side * R + bin, the side-major order the loss reads.
        var perSide = graph.Node("Reshape", [distributions, graph.Shape("sides_shape", 0, 4, options.RegMax, -1)], "sides");
        var probabilities = graph.Node("Softmax", [perSide], "softmax", OnnxAttributes.Int("axis", 2));
        var binValues = graph.Constant("bin_values", [.. Enumerable.Range(0, options.RegMax).Select(i => (float)i)], 1, options.RegMax);
        var expected = graph.Node("MatMul", [binValues, probabilities], "dfl"); // [N, 4, 1, A]
        var distance = graph.Node("Reshape", [expected, graph.Shape("distance_shape", 0, 4, -1)], "distance");

        // BoxCoder.DistanceToBox with xywh, then scaled by each anchor's stride.
        var topLeft = graph.Node("Sub", [points, Slice(graph, distance, 0, 2, "lt")], "top_left");
        var bottomRight = graph.Node("Add", [points, Slice(graph, distance, 2, 4, "rb")], "bottom_right");
        var centre = graph.Node("Div", [graph.Node("Add", [topLeft, bottomRight]), graph.Constant("two", [2f], 1)], "centre");
        var size = graph.Node("Sub", [bottomRight, topLeft], "size");
        var boxes = graph.Node("Concat", [centre, size], "boxes_grid", OnnxAttributes.Int("axis", 1));
        var pixels = graph.Node("Mul", [boxes, strides], "boxes");
        var scores = graph.Node("Sigmoid", [logits], "scores");
        return graph.Node("Concat", [pixels, scores], "decoded", OnnxAttributes.Int("axis", 1));
    }

    /// <summary>Anchor centres [2, A] (x row, y row) in grid units and strides [1, A], levels then rows then columns.</summary>
    private static (string Points, string Strides) Anchors(OnnxGraphBuilder graph, string image, IReadOnlyList<int> strides)
    {
        var imageSize = graph.Node("Slice", [graph.Node("Shape", [image]), graph.Shape("hw_start", 2), graph.Shape("hw_end", 4)], "image_size");
        var half = graph.Constant("half", [0.5f], 1);
        var flat = graph.Shape("row_shape", 1, -1);
        var points = new List<string>();
        var strideRows = new List<string>();
        foreach (var stride in strides)
        {
            using var scope = graph.Scope($"stride{stride}");
            var size = graph.Node("Div", [imageSize, graph.Shape("stride", stride)], "size"); // [h, w], exact: sides are multiples
            var xs = Centres(graph, size, 1, half, "xs");
            var ys = Centres(graph, size, 0, half, "ys");

            // Row-major grid: x varies along a row ([1, w] expanded), y down the columns ([h, 1] expanded).
            var gridX = graph.Node("Expand", [graph.Node("Unsqueeze", [xs, graph.Shape("axis0", 0)]), size], "grid_x");
            var gridY = graph.Node("Expand", [graph.Node("Unsqueeze", [ys, graph.Shape("axis1", 1)]), size], "grid_y");
            points.Add(graph.Node(
                "Concat",
                [graph.Node("Reshape", [gridX, flat]), graph.Node("Reshape", [gridY, flat])],
                "points",
                OnnxAttributes.Int("axis", 0)));
            var strideGrid = graph.Node("Expand", [graph.Constant("stride_value", [(float)stride], 1, 1), size], "stride_grid");
            strideRows.Add(graph.Node("Reshape", [strideGrid, flat], "strides"));
        }

        return (
            graph.Node("Concat", points, "anchor_points", OnnxAttributes.Int("axis", 1)),
            graph.Node("Concat", strideRows, "anchor_strides", OnnxAttributes.Int("axis", 1)));
    }

    // i + 0.5 for i in 0..size[axis]-1, as float.
    private static string Centres(OnnxGraphBuilder graph, string size, long axis, string half, string hint)
    {
        var count = graph.Node("Gather", [size, graph.Constant("index", [axis])], hint + "_count", OnnxAttributes.Int("axis", 0));
        var range = graph.Node("Range", [graph.Constant("zero", [0L]), count, graph.Constant("one", [1L])], hint + "_range");
        var asFloat = graph.Node("Cast", [range], hint + "_float", OnnxAttributes.Int("to", (long)Onnx.TensorProto.Types.DataType.Float));
        return graph.Node("Add", [asFloat, half], hint);
    }

    private static string Slice(OnnxGraphBuilder graph, string input, long start, long end, string hint) =>
        graph.Node("Slice", [input, graph.Shape(hint + "_start", start), graph.Shape(hint + "_end", end), graph.Shape(hint + "_axis", 1)], hint);
}
