using Fracture.Core.Detection;
using Fracture.Core.Geometry;
using Fracture.Core.Imaging;
using Fracture.Core.Models;
using Fracture.Inference;
using Fracture.Training.Engine;
using Fracture.Training.Tasks.Classify;
using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Benchmarks.Inference;

/// <summary>
/// The checkpoint's network in TorchSharp doing what the ONNX file does: the same decoding and letterbox, the training
/// normalisation (the ONNX graph holds it instead), eval mode under no_grad, then for a classifier the softmax (the
/// mirror average when the file has one) and for a detector the same <see cref="YoloOutputDecoder"/> and NMS at the
/// predictor's settings, boxes mapped back to the image.
/// </summary>
internal sealed class TorchSharpEngine : IInferenceEngine
{
    private readonly TrainedNetwork _network;
    private readonly ModelMetadata _metadata;
    private readonly int _size;
    private readonly Dictionary<int, Tensor> _inputs = [];

    /// <param name="metadata">The paired ONNX file's metadata (checked to match the checkpoint): size, pad, threshold.</param>
    public TorchSharpEngine(TrainedNetwork network, ModelMetadata metadata)
    {
        _network = network;
        _metadata = metadata;
        _size = metadata.InputHeight;
    }

    public string Name => "torchsharp";

    private int PlaneLength => InputNormalization.TensorLength(_size, _size);

    /// <summary>Builds the model-only inputs: the first image alone, and the first <paramref name="batch"/> images.</summary>
    public void Prepare(IReadOnlyList<DecodedImage> sample, int batch)
    {
        foreach (var n in new[] { 1, batch }.Distinct())
        {
            var buffer = new float[n * PlaneLength];
            for (var k = 0; k < n; k++)
            {
                Fill(buffer, k, sample[k]);
            }

            _inputs[n] = tensor(buffer, [n, 3, _size, _size]);
        }
    }

    public float[] RunModel(int batch)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return Forward(_inputs[batch]).data<float>().ToArray();
    }

    public int RunEndToEnd(IReadOnlyList<byte[]> encoded)
    {
        var n = encoded.Count;
        var buffer = new float[n * PlaneLength];
        var geometry = new (LetterboxTransform Letterbox, double ToFileX, double ToFileY)[n];
        for (var k = 0; k < n; k++)
        {
            var image = ImageDecoder.Decode(encoded[k], InferenceBenchmark.Decoding);
            geometry[k] = (Fill(buffer, k, image), (double)image.SourceWidth / image.Width, (double)image.SourceHeight / image.Height);
        }

        float[] values;
        long[] shape;
        using (no_grad())
        using (NewDisposeScope())
        {
            var output = Forward(tensor(buffer, [n, 3, _size, _size]));
            values = output.data<float>().ToArray();
            shape = output.shape;
        }

        return _metadata.Task == ModelTask.Classify ? Classify(values, n) : Detect(values, shape, geometry);
    }

    public void Dispose()
    {
        foreach (var input in _inputs.Values)
        {
            input.Dispose();
        }
    }

    /// <summary>Letterboxes <paramref name="image"/> into batch slot <paramref name="slot"/> with the training normalisation.</summary>
    private LetterboxTransform Fill(float[] buffer, int slot, DecodedImage image)
    {
        var boxed = Letterbox.Apply(image, _size, _size, _metadata.PadValue);
        _network.Normalization.Fill(buffer.AsSpan(slot * PlaneLength, PlaneLength), boxed.Image);
        return boxed.Transform;
    }

    /// <summary>The network plus what the exported graph appends: a classifier's softmax (or mirror average).</summary>
    private Tensor Forward(Tensor input)
    {
        var module = _network.Module;
        if (_metadata.Task != ModelTask.Classify)
        {
            return module.call(input);
        }

        var logits = module.call(input);
        return _metadata.FlipAverage ? ClassifyEvaluator.MirrorAveraged(module, input, logits) : logits.softmax(1);
    }

    /// <summary>Each image's top class and fracture probability, as the classify predictor reports them.</summary>
    private int Classify(float[] probabilities, int n)
    {
        var classes = _metadata.Names.Count;
        var answers = new (int Top, double? Fracture)[n];
        for (var k = 0; k < n; k++)
        {
            var row = probabilities.AsSpan(k * classes, classes);
            var top = 0;
            for (var c = 1; c < classes; c++)
            {
                top = row[c] > row[top] ? c : top;
            }

            answers[k] = (top, _metadata.NegativeClass is { } negative ? 1 - row[negative] : null);
        }

        return answers.Length;
    }

    /// <summary>
    /// Each image's boxes as the detect predictor decodes them, mapped to the pixels of its file. A segmenter's outlines
    /// are not traced here (ONNX Runtime's side traces them), so its end-to-end figures favour TorchSharp.
    /// </summary>
    private int Detect(float[] values, long[] shape, (LetterboxTransform Letterbox, double ToFileX, double ToFileY)[] geometry)
    {
        var classes = _metadata.Names.Count;
        var anchors = (int)shape[2];
        // A segmenter's rows go on after the class scores with its mask coefficients: each image's block is all of them.
        var extraRows = (int)shape[1] - 4 - classes;
        var block = (int)shape[1] * anchors;
        var settings = PredictSettings.Default;
        var confidence = _metadata.Threshold ?? PredictSettings.DefaultConfidence;
        var answered = 0;
        for (var k = 0; k < geometry.Length; k++)
        {
            var kept = YoloOutputDecoder.DecodeAnchors(
                values.AsSpan(k * block, block), classes, extraRows, anchors, confidence, settings.Iou, settings.MaxDetections, multiLabel: false, _size, _size);
            var (letterbox, toFileX, toFileY) = geometry[k];
            var boxes = kept.Select(b => letterbox.ToSource(b.Detection.Box)).Select(b => new PixelBox(b.X1 * toFileX, b.Y1 * toFileY, b.X2 * toFileX, b.Y2 * toFileY)).ToArray();
            answered += boxes.Length;
        }

        return answered;
    }
}
