using Fracture.Core.Imaging;

namespace Fracture.Core.Augmentation;

/// <summary>
/// The augmentation entry point for the classifier, detector and segmenter: one call moves the image and its labels
/// together. Steps, in order: random affine (<see cref="AffineTransform.Random"/>, image by <see cref="ImageWarp"/>,
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

        return (image, instances);
    }
}
