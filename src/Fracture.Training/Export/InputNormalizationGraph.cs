using Fracture.Core.Imaging;

namespace Fracture.Training.Export;

/// <summary>
/// A network's <see cref="InputNormalization"/> as the first nodes of its graph, so every exported model takes the
/// same input (RGB planes, 0..1): reorder the planes (BGR networks), bring 0..1 back to the byte scale times the
/// normalisation's scale, subtract the means, divide by the stds. Steps that change nothing are left out.
/// </summary>
public static class InputNormalizationGraph
{
    /// <param name="input">[N, 3, H, W] RGB in 0..1 (a byte / 255).</param>
    public static string Emit(OnnxGraphBuilder graph, InputNormalization normalization, string input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(normalization);
        using var scope = graph.Scope("normalize");
        var x = input;
        if (normalization.ChannelOrder == ChannelOrder.Bgr)
        {
            x = graph.Node("Gather", [x, graph.Shape("bgr", 2, 1, 0)], "bgr", OnnxAttributes.Int("axis", 1));
        }

        // A byte b arrives as b / 255; the training tensors hold b * Scale.
        var scale = (float)(255.0 * normalization.Scale);
        if (scale != 1f)
        {
            x = graph.Node("Mul", [x, graph.Constant("scale", [scale], 1)], "scale");
        }

        if (normalization.Mean.Any(m => m != 0))
        {
            x = graph.Node("Sub", [x, graph.Constant("mean", [.. normalization.Mean], 1, InputNormalization.Channels, 1, 1)], "mean");
        }

        if (normalization.Std.Any(s => s != 1))
        {
            x = graph.Node("Div", [x, graph.Constant("std", [.. normalization.Std], 1, InputNormalization.Channels, 1, 1)], "std");
        }

        return x;
    }
}
