using Fracture.Core.Imaging;
using Fracture.Training.Tests.Support;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;
using OrtTensors = Microsoft.ML.OnnxRuntime.Tensors;

namespace Fracture.Training.Tests.Export;

/// <summary>
/// What the export parity tests share: fixture X-rays letterboxed to the input size (plus one synthetic colour image,
/// so a wrong channel order cannot hide behind grey pixels), the two ways of feeding them (RGB 0..1 for ONNX, the
/// training normalisation for TorchSharp), and ONNX Runtime runs.
/// </summary>
internal static class ExportHarness
{
    /// <summary>RGB 0..1, the exported models' input contract.</summary>
    public static InputNormalization OnnxInput { get; } = new(ChannelOrder.Rgb, 1f / 255f, [0f, 0f, 0f], [1f, 1f, 1f]);

    /// <summary><paramref name="xrays"/> fixture images (sorted by name) letterboxed to width x height, then the colour pattern.</summary>
    public static IReadOnlyList<DecodedImage> Images(int xrays, int width, int height)
    {
        var paths = Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "fixtures", "bone-fracture-mini"), "*.jpg", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Take(xrays);
        return [.. paths.Select(p => Letterbox.Apply(ImageDecoder.Decode(p), width, height).Image), ColourPattern(width, height)];
    }

    /// <summary>NCHW floats of <paramref name="images"/> under <paramref name="normalization"/>.</summary>
    public static float[] Batch(IReadOnlyList<DecodedImage> images, InputNormalization normalization)
    {
        var per = InputNormalization.TensorLength(images[0].Width, images[0].Height);
        var result = new float[images.Count * per];
        for (var i = 0; i < images.Count; i++)
        {
            normalization.Fill(result.AsSpan(i * per, per), images[i]);
        }

        return result;
    }

    public static Tensor TorchBatch(IReadOnlyList<DecodedImage> images, InputNormalization normalization) =>
        tensor(Batch(images, normalization), [images.Count, 3, images[0].Height, images[0].Width]);

    /// <summary>Runs the model on the images (RGB 0..1) and returns output0 and its shape.</summary>
    public static (float[] Values, int[] Shape) Run(InferenceSession session, IReadOnlyList<DecodedImage> images)
    {
        var input = new OrtTensors.DenseTensor<float>(Batch(images, OnnxInput), [images.Count, 3, images[0].Height, images[0].Width]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("images", input)]);
        var output = results.Single(r => r.Name == "output0").AsTensor<float>();
        return ([.. output], [.. output.Dimensions]);
    }

    public static InferenceSession Session(ModelProto model) => new(model.ToByteArray());

    /// <summary>The eval-mode output of a TorchSharp module on a prepared batch, as floats.</summary>
    public static float[] Eval(nn.Module<Tensor, Tensor> module, Tensor batch)
    {
        module.eval();
        using var noGrad = no_grad();
        using var output = module.call(batch);
        return output.data<float>().ToArray();
    }

    /// <summary>
    /// A few training-mode forwards (no gradients) so BatchNorm's running statistics move away from their initial
    /// 0 and 1 (or from the pretrained values): folding must then use them, not the identity.
    /// </summary>
    public static void SettleBatchNorm(nn.Module<Tensor, Tensor> module, Tensor batch)
    {
        module.train();
        using (no_grad())
        {
            for (var i = 0; i < 3; i++)
            {
                using var output = module.call(batch);
            }
        }

        module.eval();
    }

    public static double MaxAbsDifference(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var max = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            max = Math.Max(max, Math.Abs(expected[i] - (double)actual[i]));
        }

        return max;
    }

    // Smooth ramps with a different direction per channel: R, G and B differ everywhere.
    private static DecodedImage ColourPattern(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 3;
                pixels[i] = (byte)(255 * x / Math.Max(1, width - 1));
                pixels[i + 1] = (byte)(255 * y / Math.Max(1, height - 1));
                pixels[i + 2] = (byte)((x * 7 + y * 13) % 256);
            }
        }

        return new DecodedImage(width, height, PixelFormat.Rgb24, pixels);
    }
}
