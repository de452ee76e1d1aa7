using Fracture.Core.Imaging;
using Fracture.Core.Models;

namespace Fracture.Inference;

/// <summary>
/// Brings an image to a model's input as training did: letterbox (pad from the metadata) or, for Ultralytics
/// classifiers, centre crop; then RGB planes of floats in 0..1, grey replicated to all three. Training decodes JPEGs
/// shrunk (DCT scaling) before the same resize; the pixels differ slightly, and the scores by less than the split's
/// noise (docs/training.md, "Scoring path").
/// </summary>
internal sealed class InputPreprocessor
{
    // The input contract of every model: RGB, byte / 255, no mean or std (Fracture's exporter puts those in the graph).
    private static readonly InputNormalization UnitRange = new(ChannelOrder.Rgb, 1f / 255f, [0f, 0f, 0f], [1f, 1f, 1f]);

    private readonly ModelMetadata _metadata;

    public InputPreprocessor(ModelMetadata metadata, int width, int height)
    {
        _metadata = metadata;
        Width = width;
        Height = height;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Floats one image takes in the input tensor (3 x height x width).</summary>
    public int PlaneLength => InputNormalization.TensorLength(Width, Height);

    /// <summary>Writes <paramref name="image"/> into one batch slot of <see cref="PlaneLength"/> floats.</summary>
    public InputGeometry Fill(Span<float> slot, DecodedImage image)
    {
        if (_metadata.Resize == ResizeMode.CenterCrop)
        {
            UnitRange.Fill(slot, CenterCrop.Apply(image, Width, Height));
            return new InputGeometry(null, image.SourceWidth, image.SourceHeight);
        }

        var boxed = Letterbox.Apply(image, Width, Height, _metadata.PadValue);
        UnitRange.Fill(slot, boxed.Image);
        return new InputGeometry(boxed.Transform, image.SourceWidth, image.SourceHeight);
    }
}
