using Fracture.Core.Imaging;

namespace Fracture.Core.Augmentation;

/// <summary>
/// The augmentation entry point for the classifier, detector and segmenter: one call moves the image and its labels
/// together (<see cref="AugmentMosaic"/> does the same for a four-image mosaic). Steps, in order: random affine (<see cref="AffineTransform.Random"/>, image by <see cref="ImageWarp"/>,
/// labels by <see cref="InstanceWarp"/>), brightness/contrast/gamma table (<see cref="PhotometricAugmenter"/>), then
/// CLAHE with probability <see cref="AugmentationOptions.ClaheProbability"/>. The output has the input's size and format.
/// Every random draw comes from the caller's <see cref="Random"/>, so a seed reproduces the result; the input image
/// and labels are never modified, and a step that would change nothing is skipped without a copy.
/// </summary>
public sealed class Augmenter
{
    public Augmenter(AugmentationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    public AugmentationOptions Options { get; }

    /// <summary>
    /// One random augmentation. When nothing fires (e.g. <see cref="AugmentationOptions.None"/>) the very same image and
    /// label list come back.
    /// </summary>
    public (DecodedImage Image, IReadOnlyList<PixelInstance> Instances) Augment(
        DecodedImage image, IReadOnlyList<PixelInstance> instances, Random rng)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(instances);
        ArgumentNullException.ThrowIfNull(rng);

        var options = Options;
        var owned = false; // whether image's pixel buffer is ours to overwrite
        if (!options.IsGeometricIdentity)
        {
            var transform = AffineTransform.Random(options, image.Width, image.Height, rng);
            if (!transform.IsIdentity)
            {
                image = ImageWarp.Apply(image, transform, image.Width, image.Height, options.PadValue);
                instances = InstanceWarp.Apply(instances, transform, image.Width, image.Height);
                owned = true;
            }
        }

        return (GreyLevels(image, owned, rng), instances);
    }

    /// <summary>
    /// One random mosaic sample, for detector and segmenter training: Ultralytics' load_mosaic then random_perspective
    /// with border -S/2. The four S x S <paramref name="tiles"/> and their labels are put on a 2S x 2S canvas by
    /// <see cref="Mosaic.Combine(IReadOnlyList{DecodedImage}, IReadOnlyList{IReadOnlyList{PixelInstance}}, Random, byte)"/>,
    /// an S x S view around the canvas centre is taken with this instance's flip, rotation, zoom and shift
    /// (<see cref="AffineTransform.RandomForMosaic"/>), then the grey-level steps run as in <see cref="Augment"/>.
    /// The result is a new S x S image in the tiles' format; the inputs are never modified and a seed reproduces it.
    /// <see cref="AugmentationOptions.MosaicProbability"/> is not drawn here: the caller picks this or <see cref="Augment"/>.
    /// </summary>
    public (DecodedImage Image, IReadOnlyList<PixelInstance> Instances) AugmentMosaic(
        IReadOnlyList<DecodedImage> tiles, IReadOnlyList<IReadOnlyList<PixelInstance>> instances, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var options = Options;
        var (canvas, labels) = Mosaic.Combine(tiles, instances, rng, options.PadValue);
        var size = canvas.Width / 2;
        var transform = AffineTransform.RandomForMosaic(options, canvas.Width, size, rng);
        var image = ImageWarp.Apply(canvas, transform, size, size, options.PadValue);
        labels = InstanceWarp.Apply(labels, transform, size, size);
        return (GreyLevels(image, owned: true, rng), labels);
    }

    /// <summary>Brightness/contrast/gamma, then CLAHE; in place when <paramref name="owned"/> (the buffer is ours).</summary>
    private DecodedImage GreyLevels(DecodedImage image, bool owned, Random rng)
    {
        var options = Options;
        if (PhotometricAugmenter.RandomLut(options, rng) is { } lut)
        {
            if (owned)
            {
                PhotometricAugmenter.Map(image.Pixels, image.Pixels, lut);
            }
            else
            {
                image = PhotometricAugmenter.Apply(image, lut);
            }
        }

        if (options.ClaheProbability > 0 && rng.NextDouble() < options.ClaheProbability)
        {
            image = Clahe.Apply(image, options.ClaheClipLimit, options.ClaheTiles);
        }

        return image;
    }
}
